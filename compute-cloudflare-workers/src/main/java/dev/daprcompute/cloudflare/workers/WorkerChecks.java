package dev.daprcompute.cloudflare.workers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.daprcompute.api.ComputeInitException;
import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.api.ComputeUnavailableException.Reason;
import dev.daprcompute.api.InitCheck;
import dev.daprcompute.api.spi.BaseUrls;
import dev.daprcompute.api.spi.Deadline;
import dev.daprcompute.api.spi.FunctionRequest;
import dev.daprcompute.api.spi.HttpRequests;
import dev.daprcompute.api.spi.InitAttempt;
import dev.daprcompute.api.spi.PlatformChecks;
import dev.daprcompute.api.spi.PlatformTransport;
import dev.daprcompute.api.spi.RequestDecorator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The init checks of a component with the Cloudflare API configured (see {@link
 * WorkersSettings.Mode}): in mode {@code CHECKED} the API token, the script and its workers.dev
 * route; in mode {@code MANAGED} it also uploads the bundled jump worker when the script is
 * missing, older, or lacks the component's key, audience or target ({@link Deployment}), and turns
 * on its workers.dev route. After such a change it tells init that a deployment is in progress
 * ({@link InitAttempt#deploymentInProgress}): init's own retries then wait, until {@code
 * initTimeout}, for the worker to answer the info call as the bundled jump worker.
 *
 * <p>Without {@code workerUrl} the worker's URL is {@code
 * https://{workerName}.{subdomain}.workers.dev} with the account's subdomain, found here; {@link
 * #workersDevRoute()} sends requests there.
 *
 * <p>Once every check has passed, the later attempts of the same init report them again without
 * calling the API: what they proved does not change while init waits for the worker, and the API's
 * rate limit counts every call of the user's tokens together.
 *
 * <p>Thread-safe: the checks run on init's thread before any request; what they find is published
 * through volatile fields.
 */
final class WorkerChecks implements PlatformChecks {
  private static final Logger log = LoggerFactory.getLogger(WorkerChecks.class);

  /** The checks init reports, by name. */
  static final String CHECK_CREDENTIALS = "credentials";

  static final String CHECK_SCRIPT = "script";
  static final String CHECK_JUMP_WORKER = "jumpWorker";
  static final String CHECK_WORKERS_DEV = "workersDev";

  private final String component;
  private final WorkersSettings settings;
  private final CloudflareApi api;
  private final BiFunction<String, String, HttpUrl> workersDev;

  /** The worker's base URL: {@code workerUrl}, or the workers.dev URL once init found it. */
  private volatile @Nullable HttpUrl workerUrl;

  /** The checks of an attempt that passed them all; null until one did. */
  private volatile @Nullable List<InitCheck> passed;

  /**
   * @param workersDev the workers.dev URL of (script, the account's subdomain)
   */
  WorkerChecks(
      String component,
      WorkersSettings settings,
      OkHttpClient client,
      Clock clock,
      BiFunction<String, String, HttpUrl> workersDev) {
    this.component = component;
    this.settings = settings;
    this.api =
        new CloudflareApi(
            client,
            settings.apiBaseUrl(),
            Objects.requireNonNull(settings.accountId()),
            Objects.requireNonNull(settings.apiToken()),
            clock);
    this.workersDev = workersDev;
    this.workerUrl = settings.workerUrl();
  }

  /**
   * {@code https://{script}.{subdomain}.workers.dev/}: where Cloudflare serves a script's
   * workers.dev route.
   */
  static HttpUrl workersDevUrl(String script, String subdomain) {
    return new HttpUrl.Builder()
        .scheme("https")
        .host(script + "." + subdomain + ".workers.dev")
        .build();
  }

  /** Sends each request below the worker's workers.dev URL, which init finds. */
  RequestDecorator workersDevRoute() {
    return (request, call) ->
        request.newBuilder().url(HttpRequests.resolve(foundUrl(call), call)).build();
  }

  private HttpUrl foundUrl(FunctionRequest call) {
    HttpUrl url = workerUrl;
    if (url == null) {
      throw new IllegalStateException(
          "the URL of worker '"
              + settings.functionName()
              + "' is not known before init ("
              + call.verb()
              + " "
              + call.path()
              + ")");
    }
    return url;
  }

  @Override
  public List<InitCheck> run(PlatformTransport transport, InitAttempt attempt) {
    List<InitCheck> done = passed;
    if (done != null) {
      return done;
    }
    Deadline deadline = attempt.deadline();
    List<InitCheck> checks = new ArrayList<>();
    String name = Objects.requireNonNull(settings.workerName());
    try {
      Optional<JsonNode> script = api.scriptSettings(name, deadline, CHECK_SCRIPT);
      checks.add(
          InitCheck.passed(
              CHECK_CREDENTIALS,
              "the Cloudflare API accepted apiToken for account " + api.accountId()));
      if (settings.mode() == WorkersSettings.Mode.MANAGED) {
        checks.add(deploy(name, script.orElse(null), attempt));
      } else if (script.isEmpty()) {
        throw new ComputeUnavailableException(
            Reason.NOT_DEPLOYED,
            "Cloudflare says worker '"
                + name
                + "' does not exist"
                + " on account "
                + api.accountId()
                + " (404 "
                + CloudflareApi.NOT_FOUND
                + "): deploy it, or fix workerName"
                + " or accountId",
            404,
            null,
            null);
      } else {
        checks.add(
            InitCheck.passed(
                CHECK_SCRIPT,
                "worker '"
                    + name
                    + "' exists (compatibility_date "
                    + script.get().path("compatibility_date").asText("unknown")
                    + ")"));
      }
      HttpUrl url = settings.workerUrl();
      if (url == null) {
        String subdomain =
            api.accountSubdomain(deadline, CHECK_WORKERS_DEV)
                .orElseThrow(
                    () ->
                        failed(
                            checks,
                            CHECK_WORKERS_DEV,
                            "account "
                                + api.accountId()
                                + " has no workers.dev subdomain (404 "
                                + CloudflareApi.NOT_FOUND
                                + "), so worker '"
                                + name
                                + "' has no workers.dev URL: register a subdomain"
                                + " (Cloudflare dashboard, Workers & Pages), or set workerUrl to the worker's route"));
        url = workersDev.apply(name, subdomain);
      }
      workerUrl = url;
      checks.add(workersDevRoute(name, url, attempt, checks));
      passed = List.copyOf(checks);
      return checks;
    } catch (ComputeInitException e) {
      throw e.checks().isEmpty() ? failed(checks, e.failedCheck(), e.getMessage()) : e;
    }
  }

  /**
   * The managed mode's step: upload the bundled jump worker when {@link Deployment#plan} says so.
   */
  private InitCheck deploy(String name, @Nullable JsonNode script, InitAttempt attempt) {
    JumpWorker bundle = JumpWorker.bundled();
    String target = Objects.requireNonNull(settings.targetWorker());
    Deployment.Deployed deployed = script == null ? null : Deployment.read(script, bundle);
    Deployment.Plan plan =
        Deployment.plan(deployed, bundle, attempt.signingKey(), attempt.audience(), target);
    String where = "worker '" + name + "' on account " + api.accountId();
    switch (plan.action()) {
      case KEEP -> {
        return InitCheck.passed(CHECK_JUMP_WORKER, where + " runs " + plan.why());
      }
      case FOREIGN ->
          throw new ComputeInitException(
              CHECK_JUMP_WORKER,
              where
                  + " is not a dapr-compute jump worker: "
                  + plan.why()
                  + ". The provider replaces only jump workers it deployed: choose another workerName, or delete"
                  + " that worker",
              List.of(),
              false,
              null);
      case NEWER ->
          throw new ComputeInitException(
              CHECK_JUMP_WORKER,
              where
                  + ": "
                  + plan.why()
                  + ". Upgrade dev.daprcompute:compute-cloudflare-workers on every component that uses this worker",
              List.of(),
              false,
              null);
      case UPLOAD -> {}
    }
    JsonNode inputBindings = deployed == null ? null : deployed.inputBindings();
    CloudflareApi.Answer answer =
        api.upload(
            name,
            bundle.uploadForm(
                bundle.uploadMetadata(plan.keys(), attempt.audience(), target, inputBindings)),
            attempt.deadline());
    if (!answer.ok()) {
      if (answer.status() >= 400
          && answer.status() < 500
          && answer.hasAnyCode(CloudflareApi.SERVICE_TARGET_MISSING)) {
        throw new ComputeUnavailableException(
            Reason.NOT_DEPLOYED,
            "Cloudflare refused to deploy the jump worker as '"
                + name
                + "' because its service binding "
                + bundle.targetBinding()
                + " names worker '"
                + target
                + "', which account "
                + api.accountId()
                + " does not have ("
                + answer.detail()
                + "): deploy your"
                + " worker first, or fix targetWorker",
            answer.status(),
            null,
            null);
      }
      throw api.failure(answer, CHECK_JUMP_WORKER);
    }
    attempt.deploymentInProgress(bundle.sdk(), bundle.version().toString());
    log.info(
        "component '{}': uploaded jump worker {} as {}: {}",
        component,
        bundle.version(),
        where,
        plan.why());
    return InitCheck.passed(
        CHECK_JUMP_WORKER,
        "uploaded jump worker " + bundle.version() + " as " + where + ": " + plan.why());
  }

  /**
   * The workers.dev route: the managed mode turns it on; the checked mode, with no workerUrl, needs
   * it on; with a workerUrl it is not the checked mode's business.
   */
  private InitCheck workersDevRoute(
      String name, HttpUrl url, InitAttempt attempt, List<InitCheck> checks) {
    boolean managed = settings.mode() == WorkersSettings.Mode.MANAGED;
    if (!managed && settings.workerUrl() != null) {
      return InitCheck.skipped(
          CHECK_WORKERS_DEV, "workerUrl is set: the worker's workers.dev route is not used");
    }
    if (api.workersDevEnabled(name, attempt.deadline(), CHECK_WORKERS_DEV)) {
      return InitCheck.passed(
          CHECK_WORKERS_DEV,
          "the workers.dev route of worker '" + name + "' is on (" + BaseUrls.display(url) + ")");
    }
    if (!managed) {
      throw failed(
          checks,
          CHECK_WORKERS_DEV,
          "worker '"
              + name
              + "' has its workers.dev route turned off, so "
              + BaseUrls.display(url)
              + " does not reach it: turn it on (dashboard: the worker's Settings, Domains &"
              + " Routes), or set workerUrl to the worker's route");
    }
    api.enableWorkersDev(name, attempt.deadline(), CHECK_WORKERS_DEV);
    JumpWorker bundle = JumpWorker.bundled();
    attempt.deploymentInProgress(bundle.sdk(), bundle.version().toString());
    log.info("component '{}': turned on the workers.dev route of worker '{}'", component, name);
    return InitCheck.passed(
        CHECK_WORKERS_DEV,
        "turned on the workers.dev route of worker '" + name + "' (" + BaseUrls.display(url) + ")");
  }

  /**
   * A failed check, ending {@code checks}, as {@link PlatformTransport#checkPlatform} reports one.
   */
  private static ComputeInitException failed(List<InitCheck> checks, String check, String message) {
    List<InitCheck> all = new ArrayList<>(checks);
    all.add(InitCheck.failed(check, message));
    return new ComputeInitException(check, message, all, false, null);
  }

  /** The settings, never the API token. */
  @Override
  public String toString() {
    return "WorkerChecks[" + settings + "]";
  }
}
