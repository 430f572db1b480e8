package dev.daprcompute.cloudflare.workers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ComputeConfigurationException;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeInitException;
import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.api.ComputeUnavailableException.Reason;
import dev.daprcompute.api.ConfigurationProblem;
import dev.daprcompute.api.Feature;
import dev.daprcompute.api.InitCheck;
import dev.daprcompute.api.Metadata;
import dev.daprcompute.api.Payload;
import dev.daprcompute.api.internal.SemVer;
import dev.daprcompute.api.protocol.BaseUrls;
import dev.daprcompute.api.protocol.FunctionRequest;
import dev.daprcompute.api.protocol.HttpRequests;
import dev.daprcompute.api.protocol.InfoDocument;
import dev.daprcompute.api.protocol.Operation;
import dev.daprcompute.api.protocol.PlatformCalls;
import dev.daprcompute.api.protocol.PlatformResponse;
import dev.daprcompute.api.protocol.PlatformResponse.PlatformError;
import dev.daprcompute.api.protocol.PlatformTransport;
import dev.daprcompute.api.protocol.Protocol;
import dev.daprcompute.api.protocol.ProtocolSettings;
import dev.daprcompute.api.protocol.WireFormat;
import dev.daprcompute.api.token.TokenSigner;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cloudflare Workers as a {@link PlatformTransport}: requests go to the worker's URL as they are
 * (the worker, the jump worker or one built on the JavaScript SDK, verifies the token itself), and
 * Cloudflare's own answers on that host (error pages 1101, 1102, 1015, 1027, the 524 timeout, the
 * jump worker's unmarked 502) are platform errors, never the function's answer.
 *
 * <p>{@link #checkPlatform} does what the mode allows (see {@link WorkersSettings.Mode}): in mode
 * {@code CHECKED} it checks the API token, the script and its workers.dev route; in mode
 * {@code MANAGED} it also uploads the bundled jump worker when the script is missing, older, or
 * lacks the component's key, audience or target ({@link Deployment}), enables its workers.dev
 * route, and then polls the info document until the worker accepts the component's token. The
 * worker's URL is {@code workerUrl}, else {@code https://{workerName}.{subdomain}.workers.dev}
 * with the account's subdomain.
 *
 * <p>Thread-safe: {@code checkPlatform} runs on init's thread before any request; the URL it finds
 * is published through a volatile field.
 */
final class WorkersTransport implements PlatformTransport {
  private static final Logger log = LoggerFactory.getLogger(WorkersTransport.class);

  static final String PLATFORM = "Cloudflare Workers";

  /** The checks init reports, by name. */
  static final String CHECK_CREDENTIALS = "credentials";
  static final String CHECK_SCRIPT = "script";
  static final String CHECK_JUMP_WORKER = "jumpWorker";
  static final String CHECK_WORKERS_DEV = "workersDev";
  static final String CHECK_READY = "ready";

  private static final long INFO_LIMIT = 64 * 1024;
  private static final Pattern ERROR_DESCRIPTION = Pattern.compile("error_description=\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Duration FIRST_POLL = Duration.ofMillis(200);
  private static final Duration MAX_POLL = Duration.ofSeconds(2);

  private final String component;
  private final WorkersSettings settings;
  private final OkHttpClient client;
  private final Clock clock;
  private final @Nullable String appId;
  private final @Nullable CloudflareApi api;
  private final BiFunction<String, String, HttpUrl> workersDev;
  private volatile @Nullable HttpUrl baseUrl;
  /** An upload or route change this transport made that the worker has not yet answered for. */
  private volatile boolean awaitingWorker;

  private WorkersTransport(String component, WorkersSettings settings, OkHttpClient client, ComputeContext context,
      BiFunction<String, String, HttpUrl> workersDev) {
    this.component = component;
    this.settings = settings;
    this.client = client;
    this.clock = context.clock();
    this.appId = context.appId();
    this.api = settings.usesApi() ? new CloudflareApi(client, settings.apiBaseUrl(), Objects.requireNonNull(settings.accountId()),
        Objects.requireNonNull(settings.apiToken()), clock) : null;
    this.workersDev = workersDev;
    this.baseUrl = settings.workerUrl();
  }

  /** The transport of a {@code compute.cloudflare.workers} component (the provider's factory). */
  static WorkersTransport create(ComponentMetadata metadata, ComputeContext context) {
    return create(metadata, context, WorkersTransport::workersDevUrl);
  }

  /** As above, with the workers.dev URL rule given (tests point it at a fake). */
  static WorkersTransport create(ComponentMetadata metadata, ComputeContext context,
      BiFunction<String, String, HttpUrl> workersDev) {
    List<ConfigurationProblem> problems = new ArrayList<>();
    WorkersSettings settings = null;
    try {
      settings = WorkersSettings.read(metadata);
    } catch (ComputeConfigurationException e) {
      problems.addAll(e.problems());
    }
    OkHttpClient client = CaCertificates.apply(metadata, WorkersSettings.CA_CERTIFICATE, context.httpClient(), problems);
    if (settings == null || !problems.isEmpty()) {
      throw new ComputeConfigurationException(problems);
    }
    return new WorkersTransport(metadata.name(), settings, client, context, workersDev);
  }

  /** {@code https://{script}.{subdomain}.workers.dev/}: where Cloudflare serves a script's workers.dev route. */
  static HttpUrl workersDevUrl(String script, String subdomain) {
    return new HttpUrl.Builder().scheme("https").host(script + "." + subdomain + ".workers.dev").build();
  }

  WorkersSettings settings() {
    return settings;
  }

  /** The worker's base URL: {@code workerUrl}, or the workers.dev URL once init found it. */
  Optional<HttpUrl> baseUrl() {
    return Optional.ofNullable(baseUrl);
  }

  // ------------------------------------------------------------------ PlatformTransport

  @Override
  public String platformName() {
    return PLATFORM;
  }

  @Override
  public String functionName() {
    return settings.functionName();
  }

  @Override
  public OkHttpClient httpClient() {
    return client;
  }

  @Override
  public Set<Feature> features() {
    return settings.usesApi() ? Set.of(Feature.PLATFORM_CHECKS) : Set.of();
  }

  @Override
  public Request toHttpRequest(FunctionRequest request) {
    HttpUrl url = baseUrl;
    if (url == null) {
      throw new IllegalStateException("the URL of worker '" + settings.functionName() + "' is not known before init");
    }
    return HttpRequests.below(url, request).build();
  }

  @Override
  public PlatformResponse fromHttpResponse(FunctionRequest request, int status, Metadata headers, Payload body) {
    return read(status, headers, body);
  }

  private static PlatformResponse read(int status, Metadata headers, Payload body) {
    if (headers.contains(Protocol.MARKER_HEADER)) {
      return PlatformResponse.of(status, headers, body);
    }
    PlatformError error = ErrorPages.read(status, headers, body);
    return error == null ? PlatformResponse.of(status, headers, body) : new PlatformResponse(status, headers, body, error);
  }

  // ------------------------------------------------------------------ init

  @Override
  public List<InitCheck> checkPlatform(Duration timeout) {
    if (api == null) {
      return List.of();
    }
    // SPI v2: a Deadline value (remaining time, expiry) instead of a Duration turned into nanoTime here.
    long deadline = System.nanoTime() + timeout.toNanos();
    List<InitCheck> checks = new ArrayList<>();
    String name = Objects.requireNonNull(settings.workerName());
    try {
      Optional<JsonNode> script = api.scriptSettings(name, deadline, CHECK_SCRIPT);
      checks.add(InitCheck.passed(CHECK_CREDENTIALS, "the Cloudflare API accepted apiToken for account " + api.accountId()));
      if (settings.mode() == WorkersSettings.Mode.MANAGED) {
        checks.add(deploy(name, script.orElse(null), deadline));
      } else if (script.isEmpty()) {
        throw new ComputeUnavailableException(Reason.NOT_DEPLOYED, "Cloudflare says worker '" + name + "' does not exist"
            + " on account " + api.accountId() + " (404 " + CloudflareApi.NOT_FOUND + "): deploy it, or fix workerName"
            + " or accountId", 404, null, null);
      } else {
        checks.add(InitCheck.passed(CHECK_SCRIPT, "worker '" + name + "' exists (compatibility_date "
            + script.get().path("compatibility_date").asText("unknown") + ")"));
      }
      HttpUrl url = settings.workerUrl();
      if (url == null) {
        String subdomain = api.accountSubdomain(deadline, CHECK_WORKERS_DEV).orElseThrow(() -> failed(checks,
            CHECK_WORKERS_DEV, "account " + api.accountId() + " has no workers.dev subdomain (404 "
                + CloudflareApi.NOT_FOUND + "), so worker '" + name + "' has no workers.dev URL: register a subdomain"
                + " (Cloudflare dashboard, Workers & Pages), or set workerUrl to the worker's route"));
        url = workersDev.apply(name, subdomain);
      }
      baseUrl = url;
      checks.add(workersDevRoute(name, url, deadline, checks));
      if (awaitingWorker) {
        checks.add(awaitReady(name, url, deadline, checks));
      }
      return checks;
    } catch (ComputeInitException e) {
      throw e.getMessage().startsWith("init of component '") ? e : failed(checks, e.failedCheck(), e.getMessage());
    }
  }

  /** The managed mode's step: upload the bundled jump worker when {@link Deployment#plan} says so. */
  private InitCheck deploy(String name, @Nullable JsonNode script, long deadline) {
    CloudflareApi cloudflare = Objects.requireNonNull(api);
    JumpWorker bundle = JumpWorker.bundled();
    ProtocolSettings protocol = Objects.requireNonNull(settings.protocol(), "a transport with problems is never used");
    String target = Objects.requireNonNull(settings.targetWorker());
    Deployment.Deployed deployed = script == null ? null : Deployment.read(script, bundle);
    Deployment.Plan plan = Deployment.plan(deployed, bundle, protocol.key(), settings.audience(), target);
    String where = "worker '" + name + "' on account " + cloudflare.accountId();
    switch (plan.action()) {
      case KEEP -> {
        return InitCheck.passed(CHECK_JUMP_WORKER, where + " runs " + plan.why());
      }
      case FOREIGN -> throw new ComputeInitException(CHECK_JUMP_WORKER, where + " is not a dapr-compute jump worker: "
          + plan.why() + ". The provider replaces only jump workers it deployed: choose another workerName, or delete"
          + " that worker", List.of(), false, null);
      case NEWER -> throw new ComputeInitException(CHECK_JUMP_WORKER, where + ": " + plan.why()
          + ". Upgrade dev.daprcompute:compute-cloudflare-workers on every component that uses this worker", List.of(),
          false, null);
      case UPLOAD -> { }
    }
    JsonNode inputBindings = deployed == null ? null : deployed.inputBindings();
    CloudflareApi.Answer answer = cloudflare.upload(name, bundle.uploadForm(bundle.uploadMetadata(plan.keys(),
        settings.audience(), target, inputBindings)), deadline);
    if (!answer.ok()) {
      if (answer.status() >= 400 && answer.status() < 500 && answer.hasAnyCode(CloudflareApi.SERVICE_TARGET_MISSING)) {
        throw new ComputeUnavailableException(Reason.NOT_DEPLOYED, "Cloudflare refused to deploy the jump worker as '"
            + name + "' because its service binding " + bundle.targetBinding() + " names worker '" + target
            + "', which account " + cloudflare.accountId() + " does not have (" + answer.detail() + "): deploy your"
            + " worker first, or fix targetWorker", answer.status(), null, null);
      }
      throw cloudflare.failure(answer, CHECK_JUMP_WORKER);
    }
    awaitingWorker = true;
    log.info("component '{}': uploaded jump worker {} as {}: {}", component, bundle.version(), where, plan.why());
    return InitCheck.passed(CHECK_JUMP_WORKER, "uploaded jump worker " + bundle.version() + " as " + where + ": "
        + plan.why());
  }

  /**
   * The workers.dev route: the managed mode turns it on; the checked mode, with no workerUrl, needs
   * it on; with a workerUrl it is not the checked mode's business.
   */
  private InitCheck workersDevRoute(String name, HttpUrl url, long deadline, List<InitCheck> checks) {
    CloudflareApi cloudflare = Objects.requireNonNull(api);
    boolean managed = settings.mode() == WorkersSettings.Mode.MANAGED;
    if (!managed && settings.workerUrl() != null) {
      return InitCheck.skipped(CHECK_WORKERS_DEV, "workerUrl is set: the worker's workers.dev route is not used");
    }
    if (cloudflare.workersDevEnabled(name, deadline, CHECK_WORKERS_DEV)) {
      return InitCheck.passed(CHECK_WORKERS_DEV, "the workers.dev route of worker '" + name + "' is on ("
          + BaseUrls.display(url) + ")");
    }
    if (!managed) {
      throw failed(checks, CHECK_WORKERS_DEV, "worker '" + name + "' has its workers.dev route turned off, so "
          + BaseUrls.display(url) + " does not reach it: turn it on (dashboard: the worker's Settings, Domains &"
          + " Routes), or set workerUrl to the worker's route");
    }
    cloudflare.enableWorkersDev(name, deadline, CHECK_WORKERS_DEV);
    awaitingWorker = true;
    log.info("component '{}': turned on the workers.dev route of worker '{}'", component, name);
    return InitCheck.passed(CHECK_WORKERS_DEV, "turned on the workers.dev route of worker '" + name + "' ("
        + BaseUrls.display(url) + ")");
  }

  /**
   * Polls the info document after a change until the worker answers it with the component's
   * token accepted (a new deployment takes a moment to reach every location), or the deadline
   * passes. A worker still answering as an older jump worker is not ready yet.
   */
  // SPI v2: init reads a 404 on the info call as NOT_DEPLOYED and fails at once, so a transport that
  // has just deployed must wait here itself; the SPI could let checkPlatform say "deployment in
  // progress" so that init retries the info call (NOT_DEPLOYED included) until initTimeout.
  private InitCheck awaitReady(String name, HttpUrl url, long deadline, List<InitCheck> checks) {
    ProtocolSettings protocol = Objects.requireNonNull(settings.protocol(), "a transport with problems is never used");
    TokenSigner signer = new TokenSigner(protocol.key(), clock, protocol.tokenLifetime());
    String header = protocol.tokenHeader() != null ? protocol.tokenHeader() : Protocol.AUTHORIZATION;
    SemVer bundled = JumpWorker.bundled().version();
    String sdk = JumpWorker.bundled().sdk();
    String what = "the info call to worker '" + name + "' (" + BaseUrls.display(url) + ")";
    long start = System.nanoTime();
    String last = "no answer";
    String rejection = null;
    Duration pause = FIRST_POLL;
    while (true) {
      Metadata headers = Metadata.of(Protocol.MARKER_HEADER, Integer.toString(Protocol.VERSION), header,
          "Bearer " + signer.token(settings.audience(), appId));
      Request request = HttpRequests.below(url, new FunctionRequest(Operation.INFO, "GET", Protocol.INFO_PATH, "", headers,
          Payload.empty())).build();
      rejection = null;
      try {
        PlatformResponse reply = PlatformCalls.execute(client, request, remaining(deadline), INFO_LIMIT, what);
        PlatformResponse read = read(reply.status(), reply.headers(), reply.body());
        if (read.answeredByFunction() && read.status() == 200) {
          InfoDocument info = WireFormat.readInfo(read.body().unsafeArray());
          if (!info.sdk().equals(sdk) || !older(info.version(), bundled)) {
            awaitingWorker = false;
            return InitCheck.passed(CHECK_READY, "worker '" + name + "' answered the info call "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms after the change");
          }
          last = "it still answers as jump worker " + info.version();
        } else if (read.answeredByFunction()) {
          rejection = tokenRejection(read);
          last = read.status() + (rejection != null ? " token refused: " + rejection : " from the worker");
        } else {
          last = read.status() + (read.platformError() != null ? " " + read.platformError().code() + ": "
              + read.platformError().message() : " " + ErrorPages.describe(read.status(), read.headers(), read.body()));
        }
      } catch (ComputeUnavailableException e) {
        last = e.getMessage();
      } catch (IllegalArgumentException e) {
        last = "an info document that cannot be read (" + e.getMessage() + ")";
      }
      long left = deadline - System.nanoTime();
      if (left <= FIRST_POLL.toNanos()) {
        String waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms";
        if (rejection != null) {
          throw failed(checks, "auth", "worker '" + name + "' kept refusing the component's token for " + waited
              + " after the change: " + rejection + ". Check that no one else manages this worker with another key"
              + " or audience");
        }
        throw new ComputeUnavailableException(Reason.PLATFORM_ERROR, "worker '" + name + "' has not answered "
            + what + " in the " + waited + " since the change (last: " + last + "); the next init tries again", null);
      }
      sleep(Math.min(pause.toNanos(), left - FIRST_POLL.toNanos()), checks);
      pause = pause.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : pause.multipliedBy(2);
    }
  }

  private static boolean older(String version, SemVer than) {
    try {
      return SemVer.parse(version).compareTo(than) < 0;
    } catch (IllegalArgumentException e) {
      return true;
    }
  }

  /** The {@code error_description} of a marked 401 {@code invalid_token}, else null. */
  // SPI v2: FunctionCompute reads this challenge with its own regex; the shared TokenChallenge
  // reader (protocol module) should serve both.
  private static @Nullable String tokenRejection(PlatformResponse reply) {
    if (reply.status() != 401) {
      return null;
    }
    for (String value : reply.headers().all(Protocol.WWW_AUTHENTICATE)) {
      if (value.regionMatches(true, 0, "Bearer", 0, 6) && value.contains("invalid_token")) {
        Matcher m = ERROR_DESCRIPTION.matcher(value);
        return m.find() ? m.group(1).replaceAll("\\\\(.)", "$1") : "";
      }
    }
    return null;
  }

  private void sleep(long nanos, List<InitCheck> checks) {
    try {
      TimeUnit.NANOSECONDS.sleep(Math.max(nanos, 0));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ComputeInitException(CHECK_READY, "init of component '" + component + "' was interrupted", checks, true, e);
    }
  }

  private static Duration remaining(long deadline) {
    return Duration.ofNanos(Math.max(deadline - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(1)));
  }

  /** A failed check, ending {@code checks}, as the component reports init failures. */
  // SPI v2: the component's "init of component 'x' failed: ..." wording lives in FunctionCompute;
  // a shared PlatformFailures/InitChecks helper should make this for transports.
  private ComputeInitException failed(List<InitCheck> checks, String check, String message) {
    List<InitCheck> all = new ArrayList<>(checks);
    all.add(InitCheck.failed(check, message));
    return new ComputeInitException(check, "init of component '" + component + "' failed: " + message, all, false, null);
  }

  /** The settings, never the API token. */
  @Override
  public String toString() {
    return "WorkersTransport[" + settings + "]";
  }
}
