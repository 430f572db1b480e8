package dev.daprcompute.api.internal;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ComputeException;
import dev.daprcompute.api.ComputeInitException;
import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.api.ComputeUnavailableException.Reason;
import dev.daprcompute.api.FunctionRejectedException;
import dev.daprcompute.api.InitCheck;
import dev.daprcompute.api.InitListener;
import dev.daprcompute.api.InitReport;
import dev.daprcompute.api.InitRetry;
import dev.daprcompute.api.MetadataField;
import dev.daprcompute.api.ProtocolViolationException;
import dev.daprcompute.api.spi.Deadline;
import dev.daprcompute.api.spi.InitAttempt;
import dev.daprcompute.api.token.SigningKey;
import dev.daprcompute.protocol.Feature;
import dev.daprcompute.protocol.InfoDocument;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.SemVer;
import dev.daprcompute.protocol.internal.Messages;
import io.micrometer.observation.Observation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checks of protocol sections 3 and 4 that {@code init} runs: the platform's own ({@link
 * dev.daprcompute.api.spi.PlatformTransport#checkPlatform}), then the info call, which proves the
 * function deployed, accepting our token, and speaking a supported protocol and version. Platform
 * and network failures are retried with back-off until {@code initTimeout}; a function that is not
 * deployed, refused platform credentials, a rejected token and a wrong protocol or version fail at
 * once, since only an operator can fix them, except that while a deployment a platform check made
 * is in progress ({@link InitAttempt#deploymentInProgress}) "not deployed" and a rejected token are
 * the previous deployment's, and retried. Checks that passed with a warning are logged once init
 * passes. Not thread-safe: one per init.
 */
final class InitChecks {
  private static final Logger log = LoggerFactory.getLogger(FunctionCompute.class);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

  /** The least time worth giving an attempt. */
  private static final Duration MIN_ATTEMPT = Duration.ofMillis(100);

  private final Ready r;
  private final Duration initTimeout;
  private final Function<Duration, CompletableFuture<InfoDocument>> info;
  private final ComponentMetadata metadata;
  private final InitListener listener;
  private final List<MetadataField> fields;

  /** The observation of the attempt under way. */
  private Observation attempt = Observation.NOOP;

  /** What a platform check said it deployed, for the rest of this init; null when nothing. */
  private @Nullable Rollout rollout;

  /**
   * @param initTimeout the component's {@code spec.initTimeout}, else the platform's default
   * @param info makes the info call within the given timeout
   * @param listener hears of each attempt that will be retried
   * @param fields the component's metadata fields, for the hint when the function cannot be reached
   */
  InitChecks(
      Ready r,
      ComponentMetadata metadata,
      Duration initTimeout,
      Function<Duration, CompletableFuture<InfoDocument>> info,
      InitListener listener,
      List<MetadataField> fields) {
    this.r = r;
    this.metadata = metadata;
    this.initTimeout = initTimeout;
    this.info = info;
    this.listener = listener;
    this.fields = fields;
  }

  /**
   * A deployment a platform check made ({@link InitAttempt#deploymentInProgress}), and since when.
   */
  private record Rollout(String sdk, SemVer version, long since) {}

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
    long deadline = start + initTimeout.toNanos();
    int attempts = 0;
    List<InitCheck> checks = new ArrayList<>();
    ComputeException last = null;
    String stage = "deployed";
    String lastStage = stage;
    while (true) {
      attempts++;
      checks.clear();
      attempt = r.observations().startInitAttempt();
      try {
        stage = "platform";
        checks.addAll(
            r.transport().checkPlatform(new Attempt(Deadline.after(remaining(deadline)))));
        stage = "deployed";
        InfoDocument info = fetchInfo(remaining(deadline));
        Rollout pending = rollout;
        if (pending != null) {
          if (answersAsBefore(info, pending)) {
            throw new ComputeUnavailableException(
                Reason.PLATFORM_ERROR,
                "function '"
                    + r.transport().functionName()
                    + "' still answers as "
                    + info.sdk()
                    + " "
                    + info.version()
                    + ", not yet as "
                    + pending.sdk()
                    + " "
                    + pending.version(),
                null);
          }
          checks.add(
              InitCheck.passed(
                  "ready",
                  "function '"
                      + r.transport().functionName()
                      + "' answered the info call as "
                      + describeSdk(info)
                      + ", "
                      + millisSince(pending.since())
                      + " ms after the change"));
        }
        InitReport report =
            verify(info, checks, attempts, Duration.ofNanos(System.nanoTime() - start));
        report.checks().stream()
            .filter(check -> check.outcome() == InitCheck.Outcome.WARNING)
            .forEach(
                check ->
                    log.warn(
                        "component '{}': {}: {}", r.component(), check.name(), check.detail()));
        return report;
      } catch (ComputeUnavailableException e) {
        // While a deployment is in progress, the info call's "not deployed" is the old
        // deployment's.
        boolean previousDeployment = rollout != null && stage.equals("deployed");
        if (e.reason() == Reason.NOT_DEPLOYED && !previousDeployment) {
          throw stop(checks, "deployed", e.getMessage(), e);
        }
        if (e.reason() == Reason.PLATFORM_CREDENTIALS) {
          throw stop(checks, "credentials", e.getMessage(), e);
        }
        // An attempt that initTimeout itself cut short says nothing new: keep the real cause.
        boolean cutShort =
            e.reason() == Reason.TIMEOUT && deadline - System.nanoTime() < MIN_ATTEMPT.toNanos();
        if (!cutShort || last == null) {
          last = e;
          lastStage = stage;
        }
      } catch (FunctionRejectedException e) {
        if (e.tokenRejection().isPresent() && rollout != null) {
          last =
              e; // the previous deployment, which does not know the component's key or audience yet
          lastStage = "auth";
        } else if (e.tokenRejection().isPresent()) {
          checks.add(InitCheck.passed("deployed", "the function answered"));
          throw stop(checks, "auth", e.getMessage(), e);
        } else if (e.status() < 500) {
          checks.add(InitCheck.failed("deployed", e.getMessage()));
          throw new ComputeInitException(
              "deployed",
              "init of component '"
                  + r.component()
                  + "' failed: "
                  + e.getMessage()
                  + ". Is the function built with a dapr-compute SDK (protocol "
                  + Protocol.VERSION
                  + ")?",
              checks,
              false,
              e);
        } else {
          last = e;
          lastStage = stage;
        }
      } catch (ProtocolViolationException e) {
        throw stop(checks, "protocol", e.getMessage(), e);
      } catch (ComputeInitException e) {
        if (!stage.equals("platform")) {
          throw e;
        }
        // A platform check that failed for good, worded as init's own failures.
        List<InitCheck> ran = new ArrayList<>(e.checks());
        if (ran.isEmpty()) {
          ran.addAll(checks);
          ran.add(InitCheck.failed(e.failedCheck(), e.getMessage()));
        }
        throw new ComputeInitException(
            e.failedCheck(),
            "init of component '" + r.component() + "' failed: " + e.getMessage(),
            ran,
            e.isRetryable(),
            e.getCause());
      }
      Duration wait = backoff(attempts, last);
      boolean mandated =
          last instanceof ComputeUnavailableException u
              && u.retryAfter().isPresent()
              && u.retryAfter().get().equals(wait);
      long room = deadline - System.nanoTime() - MIN_ATTEMPT.toNanos();
      if (room <= 0 || (mandated && wait.compareTo(Duration.ofNanos(room)) > 0)) {
        // No attempt can finish in time (or the platform asked us to wait past the deadline);
        // a doomed attempt's timeout would only hide the real cause.
        String why =
            mandated && room > 0
                ? "; the platform asked to wait "
                    + wait.toSeconds()
                    + " s (Retry-After), past initTimeout"
                : "";
        Rollout pending = rollout;
        String change =
            pending == null
                ? ""
                : "; function '"
                    + r.transport().functionName()
                    + "' has not answered as "
                    + pending.sdk()
                    + " "
                    + pending.version()
                    + " in the "
                    + millisSince(pending.since())
                    + " ms since the change";
        checks.add(InitCheck.failed(lastStage, last.getMessage()));
        throw new ComputeInitException(
            lastStage,
            "init of component '"
                + r.component()
                + "' gave up after "
                + attempts
                + " attempt(s) in initTimeout "
                + initTimeout.toMillis()
                + " ms"
                + why
                + change
                + "; last failure: "
                + last.getMessage()
                + hint(last),
            checks,
            true,
            last);
      }
      long pause = wait.compareTo(Duration.ofNanos(room)) > 0 ? room : wait.toNanos();
      Observations.stopInitAttempt(attempt, last, true);
      attempt = Observation.NOOP;
      retrying(attempts, lastStage, last, Duration.ofNanos(pause), remaining(deadline));
      sleep(pause);
    }
  }

  /** Tells the listener; what it throws does not stop init. */
  private void retrying(
      int attempt, String check, ComputeException failure, Duration pause, Duration left) {
    try {
      listener.retrying(
          new InitRetry(
              r.component(), metadata.type(), attempt, check, failure, pause, left, initTimeout));
    } catch (RuntimeException e) {
      log.warn("the init listener of component '{}' failed; init goes on", r.component(), e);
    }
  }

  /**
   * The hint when init gave up because the function could not be reached: the metadata fields that
   * say where it is, those the transport names ({@code PlatformTransport#locationFields}) and are
   * set, else the component's URL fields that are set. Empty for other failures, and while a
   * deployment this init made is in progress (the message says so instead).
   */
  private String hint(ComputeException last) {
    if (rollout != null
        || !(last instanceof ComputeUnavailableException u)
        || !(u.reason() == Reason.CONNECTION_FAILED
            || u.reason() == Reason.TIMEOUT
            || u.reason() == Reason.PLATFORM_ERROR)) {
      return "";
    }
    List<String> named = r.transport().locationFields();
    List<String> set = named.stream().filter(metadata::has).toList();
    List<String> where =
        !set.isEmpty()
            ? set
            : !named.isEmpty()
                ? named
                : fields.stream()
                    .filter(f -> f.kind() == MetadataField.Kind.URI && metadata.has(f.name()))
                    .map(MetadataField::name)
                    .toList();
    List<String> quoted = where.stream().map(f -> "'" + f + "'").toList();
    String check =
        quoted.isEmpty()
            ? "the metadata"
            : "metadata "
                + (quoted.size() == 1
                    ? quoted.get(0)
                    : String.join(", ", quoted.subList(0, quoted.size() - 1))
                        + " and "
                        + quoted.get(quoted.size() - 1));
    return ". Is the function running? Check " + check + " of component '" + r.component() + "'";
  }

  /**
   * Whether {@code info} is the answer of the deployment before {@code rollout}: its SDK, an older
   * version.
   */
  private static boolean answersAsBefore(InfoDocument info, Rollout rollout) {
    if (!info.sdk().equals(rollout.sdk())) {
      return false;
    }
    try {
      return SemVer.parse(info.version()).compareTo(rollout.version()) < 0;
    } catch (IllegalArgumentException notAVersion) {
      return true;
    }
  }

  private static long millisSince(long nanoTime) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoTime);
  }

  /** One attempt, as {@code checkPlatform} sees it. */
  private final class Attempt implements InitAttempt {
    private final Deadline deadline;

    Attempt(Deadline deadline) {
      this.deadline = deadline;
    }

    @Override
    public Deadline deadline() {
      return deadline;
    }

    @Override
    public SigningKey signingKey() {
      return r.signer().key();
    }

    @Override
    public String audience() {
      return r.audience();
    }

    @Override
    public void deploymentInProgress(String sdk, String version) {
      Objects.requireNonNull(sdk, "sdk == null");
      SemVer parsed = SemVer.parse(Objects.requireNonNull(version, "version == null"));
      Rollout earlier = rollout;
      rollout = new Rollout(sdk, parsed, earlier != null ? earlier.since() : System.nanoTime());
    }
  }

  private InfoDocument fetchInfo(Duration remaining) {
    Duration timeout =
        remaining.compareTo(r.settings().timeout()) < 0 ? remaining : r.settings().timeout();
    CompletableFuture<InfoDocument> future = info.apply(timeout);
    try {
      return future.get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new ComputeInitException(
          "deployed",
          "init of component '" + r.component() + "' was interrupted",
          List.of(),
          true,
          e);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new ComputeUnavailableException(
          Reason.TIMEOUT, "the info call did not finish within " + timeout.toMillis() + " ms", e);
    } catch (ExecutionException e) {
      Throwable cause = ReplyRules.unwrap(e);
      if (cause instanceof ComputeException ce) {
        throw ce;
      }
      throw new ComputeUnavailableException(
          Reason.CONNECTION_FAILED, "the info call failed: " + cause, cause);
    }
  }

  private InitReport verify(
      InfoDocument info, List<InitCheck> checks, int attempts, Duration elapsed) {
    checks.add(
        InitCheck.passed(
            "deployed",
            r.transport().platformName()
                + " delivered the info call to function '"
                + r.transport().functionName()
                + "'"));
    checks.add(
        InitCheck.passed(
            "auth",
            "the function accepted a token for audience '"
                + r.audience()
                + "' (kid "
                + r.signer().key().keyId()
                + ", "
                + r.signer().key().algorithm()
                + ")"));
    if (!Protocol.SUPPORTED_VERSIONS.contains(info.protocol())) {
      String fix =
          info.protocol() > Protocol.VERSION
              ? "upgrade dev.daprcompute:compute-api (and the provider) to a release that speaks protocol "
                  + info.protocol()
              : "redeploy the function with an SDK that speaks protocol " + Protocol.VERSION;
      String message =
          "the function speaks protocol "
              + info.protocol()
              + " (SDK "
              + describeSdk(info)
              + "); component '"
              + r.component()
              + "' speaks "
              + Protocol.SUPPORTED_VERSIONS
              + ": "
              + fix;
      throw stop(checks, "protocol", message, null);
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
        checks.add(InitCheck.failed("version", Messages.of(e)));
        throw new ComputeInitException(
            "version",
            "init of component '"
                + r.component()
                + "' failed: the function's version "
                + Messages.of(e),
            checks,
            false,
            e);
      }
      if (actual.compareTo(min) < 0) {
        String message =
            "the function runs "
                + describeSdk(info)
                + ", below minVersion "
                + min
                + " of component '"
                + r.component()
                + "': redeploy the function with SDK "
                + min
                + " or newer";
        throw stop(checks, "version", message, null);
      }
      checks.add(InitCheck.passed("version", describeSdk(info) + " >= minVersion " + min));
    }
    Set<Feature> features = EnumSet.noneOf(Feature.class);
    info.features().forEach(name -> Feature.fromWireName(name).ifPresent(features::add));
    return new InitReport(
        checks,
        info.protocol(),
        info.version(),
        info.sdk(),
        features,
        info.inputBindings(),
        attempts,
        elapsed);
  }

  private static String describeSdk(InfoDocument info) {
    return (info.sdk().isEmpty() ? "version " : info.sdk() + " ") + info.version();
  }

  private static Duration remaining(long deadline) {
    long left = deadline - System.nanoTime();
    return Duration.ofNanos(Math.max(left, TimeUnit.MILLISECONDS.toNanos(1)));
  }

  /**
   * The wait before the next attempt: our exponential back-off, or the platform's {@code
   * Retry-After} when that is longer. Never shorter than the back-off, whatever the platform says:
   * a {@code Retry-After: 0} must not turn init into a hot loop.
   */
  static Duration backoff(int attempt, ComputeException last) {
    long base = FIRST_BACKOFF.toMillis() << Math.min(attempt - 1, 10);
    long capped = Math.min(base, MAX_BACKOFF.toMillis());
    double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
    Duration ours = Duration.ofMillis((long) (capped * jitter));
    if (last instanceof ComputeUnavailableException u
        && u.retryAfter().isPresent()
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
      throw new ComputeInitException(
          "deployed",
          "init of component '" + r.component() + "' was interrupted",
          List.of(),
          true,
          e);
    }
  }

  /**
   * A check that failed in a way no retry can change: recorded as failed, and init stops with it,
   * naming the component.
   */
  private ComputeInitException stop(
      List<InitCheck> checks, String check, String detail, @Nullable Throwable cause) {
    checks.add(InitCheck.failed(check, detail));
    return new ComputeInitException(
        check, "init of component '" + r.component() + "' failed: " + detail, checks, false, cause);
  }
}
