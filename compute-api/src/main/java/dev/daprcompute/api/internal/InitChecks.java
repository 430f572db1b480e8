package dev.daprcompute.api.internal;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ComputeException;
import dev.daprcompute.api.ComputeInitException;
import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.api.ComputeUnavailableException.Reason;
import dev.daprcompute.api.FunctionRejectedException;
import dev.daprcompute.api.InitAttempt;
import dev.daprcompute.api.InitCheck;
import dev.daprcompute.api.InitListener;
import dev.daprcompute.api.InitReport;
import dev.daprcompute.api.MetadataField;
import dev.daprcompute.api.ProtocolViolationException;
import dev.daprcompute.api.spi.Deadline;
import dev.daprcompute.protocol.Feature;
import dev.daprcompute.protocol.InfoDocument;
import dev.daprcompute.protocol.Protocol;
import io.micrometer.observation.Observation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checks of protocol sections 3 and 4 that {@code init} runs: the platform's own
 * ({@link dev.daprcompute.api.spi.PlatformTransport#checkPlatform}), then the info call, which
 * proves the function deployed, accepting our token, and speaking a supported protocol and version.
 * Platform and network failures are retried with back-off until {@code initTimeout}; a function
 * that is not deployed, refused platform credentials, a rejected token and a wrong protocol or
 * version fail at once, since only an operator can fix them. Not thread-safe: one per init.
 */
final class InitChecks {
  private static final Logger log = LoggerFactory.getLogger(FunctionCompute.class);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
  /** The least time worth giving an attempt. */
  private static final Duration MIN_ATTEMPT = Duration.ofMillis(100);

  private final Ready r;
  private final ComponentMetadata metadata;
  private final Function<Duration, CompletableFuture<InfoDocument>> info;
  private final InitListener listener;
  private final List<MetadataField> fields;
  /** The observation of the attempt under way. */
  private Observation attempt = Observation.NOOP;

  /**
   * @param info makes the info call within the given timeout
   * @param listener hears of each attempt that will be retried
   * @param fields the component's metadata fields, for the hint when the function cannot be reached
   */
  InitChecks(Ready r, ComponentMetadata metadata, Function<Duration, CompletableFuture<InfoDocument>> info,
      InitListener listener, List<MetadataField> fields) {
    this.r = r;
    this.metadata = metadata;
    this.info = info;
    this.listener = listener;
    this.fields = fields;
  }

  /**
   * Runs the checks; blocks until they pass or fail, at most about {@code initTimeout}.
   *
   * @throws ComputeInitException naming the failed check
   */
  InitReport run() {
    try {
      InitReport report = attempts();
      Observations.stopInitAttempt(attempt, null, false);
      return report;
    } catch (RuntimeException e) {
      Observations.stopInitAttempt(attempt, e, false);
      throw e;
    }
  }

  private InitReport attempts() {
    long start = System.nanoTime();
    long deadline = start + metadata.initTimeout().toNanos();
    int attempts = 0;
    List<InitCheck> checks = new ArrayList<>();
    ComputeException last = null;
    String stage = "deployed";
    String lastStage = stage;
    while (true) {
      attempts++;
      checks.clear();
      attempt = r.observations().startInitAttempt(attempts);
      try {
        stage = "platform";
        checks.addAll(r.transport().checkPlatform(Deadline.after(remaining(deadline))));
        stage = "deployed";
        InfoDocument info = fetchInfo(remaining(deadline));
        return verify(info, checks, attempts, Duration.ofNanos(System.nanoTime() - start));
      } catch (ComputeUnavailableException e) {
        if (e.reason() == Reason.NOT_DEPLOYED) {
          checks.add(InitCheck.failed("deployed", e.getMessage()));
          throw new ComputeInitException("deployed", "init of component '" + r.component() + "' failed: "
              + e.getMessage(), checks, false, e);
        }
        if (e.reason() == Reason.PLATFORM_CREDENTIALS) {
          checks.add(InitCheck.failed("credentials", e.getMessage()));
          throw new ComputeInitException("credentials", "init of component '" + r.component() + "' failed: "
              + e.getMessage(), checks, false, e);
        }
        // An attempt that initTimeout itself cut short says nothing new: keep the real cause.
        boolean cutShort = e.reason() == Reason.TIMEOUT && deadline - System.nanoTime() < MIN_ATTEMPT.toNanos();
        if (!cutShort || last == null) {
          last = e;
          lastStage = stage;
        }
      } catch (FunctionRejectedException e) {
        if (e.tokenRejection().isPresent()) {
          checks.add(InitCheck.passed("deployed", "the function answered"));
          checks.add(InitCheck.failed("auth", e.getMessage()));
          throw new ComputeInitException("auth", "init of component '" + r.component() + "' failed: " + e.getMessage(),
              checks, false, e);
        }
        if (e.status() < 500) {
          checks.add(InitCheck.failed("deployed", e.getMessage()));
          throw new ComputeInitException("deployed", "init of component '" + r.component() + "' failed: "
              + e.getMessage() + ". Is the function built with a dapr-compute SDK (protocol " + Protocol.VERSION + ")?",
              checks, false, e);
        }
        last = e;
        lastStage = stage;
      } catch (ProtocolViolationException e) {
        checks.add(InitCheck.failed("protocol", e.getMessage()));
        throw new ComputeInitException("protocol", "init of component '" + r.component() + "' failed: " + e.getMessage(),
            checks, false, e);
      } catch (ComputeInitException e) {
        throw e;
      }
      Duration wait = backoff(attempts, last);
      boolean mandated = last instanceof ComputeUnavailableException u && u.retryAfter().isPresent()
          && u.retryAfter().get().equals(wait);
      long room = deadline - System.nanoTime() - MIN_ATTEMPT.toNanos();
      if (room <= 0 || (mandated && wait.compareTo(Duration.ofNanos(room)) > 0)) {
        // No attempt can finish in time (or the platform asked us to wait past the deadline);
        // a doomed attempt's timeout would only hide the real cause.
        String why = mandated && room > 0
            ? "; the platform asked to wait " + wait.toSeconds() + " s (Retry-After), past initTimeout" : "";
        checks.add(InitCheck.failed(lastStage, last.getMessage()));
        throw new ComputeInitException(lastStage, "init of component '" + r.component() + "' gave up after " + attempts
            + " attempt(s) in initTimeout " + metadata.initTimeout().toMillis() + " ms" + why + "; last failure: "
            + last.getMessage() + hint(last), checks, true, last);
      }
      long pause = wait.compareTo(Duration.ofNanos(room)) > 0 ? room : wait.toNanos();
      Observations.stopInitAttempt(attempt, last, true);
      attempt = Observation.NOOP;
      retrying(attempts, lastStage, last, Duration.ofNanos(pause), remaining(deadline));
      sleep(pause);
    }
  }

  /** Tells the listener; what it throws does not stop init. */
  private void retrying(int attempt, String check, ComputeException failure, Duration pause, Duration left) {
    try {
      listener.retrying(new InitAttempt(r.component(), metadata.type(), attempt, check, failure, pause, left,
          metadata.initTimeout()));
    } catch (RuntimeException e) {
      log.warn("the init listener of component '{}' failed; init goes on", r.component(), e);
    }
  }

  /**
   * The hint when init gave up because the function could not be reached: the metadata fields that
   * say where it is, those the transport names ({@code PlatformTransport#locationFields}) and are
   * set, else the component's URL fields that are set. Empty for other failures.
   */
  private String hint(ComputeException last) {
    if (!(last instanceof ComputeUnavailableException u) || !(u.reason() == Reason.CONNECTION_FAILED
        || u.reason() == Reason.TIMEOUT || u.reason() == Reason.PLATFORM_ERROR)) {
      return "";
    }
    List<String> named = r.transport().locationFields();
    List<String> set = named.stream().filter(metadata::has).toList();
    List<String> where = !set.isEmpty() ? set : !named.isEmpty() ? named
        : fields.stream().filter(f -> f.kind() == MetadataField.Kind.URI && metadata.has(f.name()))
            .map(MetadataField::name).toList();
    List<String> quoted = where.stream().map(f -> "'" + f + "'").toList();
    String check = quoted.isEmpty() ? "the metadata" : "metadata " + (quoted.size() == 1 ? quoted.get(0)
        : String.join(", ", quoted.subList(0, quoted.size() - 1)) + " and " + quoted.get(quoted.size() - 1));
    return ". Is the function running? Check " + check + " of component '" + r.component() + "'";
  }

  private InfoDocument fetchInfo(Duration remaining) {
    Duration timeout = remaining.compareTo(r.settings().timeout()) < 0 ? remaining : r.settings().timeout();
    CompletableFuture<InfoDocument> future = info.apply(timeout);
    try {
      return future.get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new ComputeInitException("deployed", "init of component '" + r.component() + "' was interrupted",
          List.of(), true, e);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new ComputeUnavailableException(Reason.TIMEOUT, "the info call did not finish within " + timeout.toMillis() + " ms", e);
    } catch (ExecutionException e) {
      Throwable cause = ReplyRules.unwrap(e);
      if (cause instanceof ComputeException ce) {
        throw ce;
      }
      throw new ComputeUnavailableException(Reason.CONNECTION_FAILED, "the info call failed: " + cause, cause);
    }
  }

  private InitReport verify(InfoDocument info, List<InitCheck> checks, int attempts, Duration elapsed) {
    checks.add(InitCheck.passed("deployed", r.transport().platformName() + " delivered the info call to function '"
        + r.transport().functionName() + "'"));
    checks.add(InitCheck.passed("auth", "the function accepted a token for audience '" + r.audience() + "' (kid "
        + r.signer().key().keyId() + ", " + r.signer().key().algorithm() + ")"));
    if (!Protocol.SUPPORTED_VERSIONS.contains(info.protocol())) {
      String fix = info.protocol() > Protocol.VERSION
          ? "upgrade dev.daprcompute:compute-api (and the provider) to a release that speaks protocol " + info.protocol()
          : "redeploy the function with an SDK that speaks protocol " + Protocol.VERSION;
      String message = "the function speaks protocol " + info.protocol() + " (SDK " + describeSdk(info)
          + "); component '" + r.component() + "' speaks " + Protocol.SUPPORTED_VERSIONS + ": " + fix;
      checks.add(InitCheck.failed("protocol", message));
      throw new ComputeInitException("protocol", "init of component '" + r.component() + "' failed: " + message,
          checks, false, null);
    }
    checks.add(InitCheck.passed("protocol", "protocol " + info.protocol()));
    SemVer min = r.settings().minVersion();
    if (min == null) {
      checks.add(InitCheck.passed("version", describeSdk(info) + " (no minVersion set)"));
    } else {
      SemVer actual;
      try {
        actual = SemVer.parse(info.version());
      } catch (IllegalArgumentException e) {
        checks.add(InitCheck.failed("version", e.getMessage()));
        throw new ComputeInitException("version", "init of component '" + r.component() + "' failed: the function's version "
            + e.getMessage(), checks, false, e);
      }
      if (actual.compareTo(min) < 0) {
        String message = "the function runs " + describeSdk(info) + ", below minVersion " + min
            + " of component '" + r.component() + "': redeploy the function with SDK " + min + " or newer";
        checks.add(InitCheck.failed("version", message));
        throw new ComputeInitException("version", "init of component '" + r.component() + "' failed: " + message,
            checks, false, null);
      }
      checks.add(InitCheck.passed("version", describeSdk(info) + " >= minVersion " + min));
    }
    Set<Feature> features = EnumSet.noneOf(Feature.class);
    info.features().forEach(name -> Feature.fromWireName(name).ifPresent(features::add));
    return new InitReport(checks, info.protocol(), info.version(), info.sdk(), features, info.inputBindings(),
        attempts, elapsed);
  }

  private static String describeSdk(InfoDocument info) {
    return (info.sdk().isEmpty() ? "version " : info.sdk() + " ") + info.version();
  }

  private static Duration remaining(long deadline) {
    long left = deadline - System.nanoTime();
    return Duration.ofNanos(Math.max(left, TimeUnit.MILLISECONDS.toNanos(1)));
  }

  /**
   * The wait before the next attempt: our exponential back-off, or the platform's
   * {@code Retry-After} when that is longer. Never shorter than the back-off, whatever the
   * platform says: a {@code Retry-After: 0} must not turn init into a hot loop.
   */
  static Duration backoff(int attempt, ComputeException last) {
    long base = FIRST_BACKOFF.toMillis() << Math.min(attempt - 1, 10);
    long capped = Math.min(base, MAX_BACKOFF.toMillis());
    double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
    Duration ours = Duration.ofMillis((long) (capped * jitter));
    if (last instanceof ComputeUnavailableException u && u.retryAfter().isPresent()
        && u.retryAfter().get().compareTo(ours) > 0) {
      return u.retryAfter().get();
    }
    return ours;
  }

  private void sleep(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ComputeInitException("deployed", "init of component '" + r.component() + "' was interrupted",
          List.of(), true, e);
    }
  }
}
