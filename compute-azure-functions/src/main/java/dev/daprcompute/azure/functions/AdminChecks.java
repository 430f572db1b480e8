package dev.daprcompute.azure.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.api.ComputeUnavailableException.Reason;
import dev.daprcompute.api.InitCheck;
import dev.daprcompute.api.SecretValue;
import dev.daprcompute.api.spi.Deadline;
import dev.daprcompute.api.spi.InitAttempt;
import dev.daprcompute.api.spi.PlatformCalls;
import dev.daprcompute.api.spi.PlatformChecks;
import dev.daprcompute.api.spi.PlatformFailures;
import dev.daprcompute.api.spi.PlatformResponse;
import dev.daprcompute.api.spi.PlatformResponse.PlatformError;
import dev.daprcompute.api.spi.PlatformTransport;
import dev.daprcompute.api.spi.Redaction;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;

/**
 * {@code init}'s checks through the Functions host's admin API, with the master key in {@code
 * x-functions-key}: {@code GET /admin/host/status} must say {@code Running} ({@code hostStatus}),
 * and {@code GET /admin/functions/{name}} must find the function, enabled ({@code functionStatus}).
 *
 * <ul>
 *   <li>A host that is not {@code Running} (starting after a cold start, restarting, in {@code
 *       Error}), 429, 5xx and network failures: retryable, so init waits them out with back-off
 *       until {@code initTimeout}.
 *   <li>No such function, or a disabled one: not deployed, init fails at once. So does a refused
 *       master key (401) or a stopped app (403 "This web app is stopped.").
 *   <li>Any other 403 (admin isolation refuses external admin calls even with the master key) or a
 *       404 for the host status (something in front of the app that does not pass {@code /admin}
 *       on): a warning, and the info call decides.
 * </ul>
 *
 * <p>Thread-safe; stateless between runs.
 */
final class AdminChecks implements PlatformChecks {
  /** Reads the platform's own JSON; plain Jackson is all it needs. */
  static final ObjectMapper JSON = new ObjectMapper();

  private static final long BODY_LIMIT = 1 << 20;
  private static final String RUNNING = "Running";

  private final AzureSettings settings;
  private final SecretValue masterKey;
  private final AzureReplies replies;
  private final Clock clock;
  private final HttpUrl hostStatusUrl;
  private final HttpUrl functionUrl;

  AdminChecks(AzureSettings settings, SecretValue masterKey, Clock clock) {
    this.settings = settings;
    this.masterKey = masterKey;
    this.replies = new AzureReplies(settings.functionName(), AzureReplies.Key.MASTER);
    this.clock = clock;
    this.hostStatusUrl =
        settings.appRoot().newBuilder().addPathSegments("admin/host/status").build();
    this.functionUrl =
        settings
            .appRoot()
            .newBuilder()
            .addPathSegments("admin/functions")
            .addPathSegment(settings.functionName())
            .build();
  }

  /**
   * Runs both checks by the attempt's deadline.
   *
   * @return the checks, passed, or with a warning when the admin API cannot be used
   * @throws ComputeUnavailableException when a check failed: retryable unless its reason is {@link
   *     Reason#NOT_DEPLOYED} or {@link Reason#PLATFORM_CREDENTIALS}
   */
  @Override
  public List<InitCheck> run(PlatformTransport transport, InitAttempt attempt) {
    List<InitCheck> checks = new ArrayList<>();
    String hostCall = "GET /admin/host/status of app " + settings.app();
    PlatformResponse status = call(transport, hostStatusUrl, attempt.deadline(), hostCall);
    String unusable = unusable(status, true);
    if (unusable != null) {
      checks.add(InitCheck.warning("hostStatus", unusable));
      checks.add(
          InitCheck.skipped(
              "functionStatus",
              "not checked: the admin API of app "
                  + settings.app()
                  + " cannot be used (see hostStatus)"));
      return checks;
    }
    if (status.status() != 200) {
      throw PlatformFailures.ofPlatformCall(transport, hostCall, status, clock);
    }
    checks.add(hostStatus(status));

    String functionCall =
        "GET /admin/functions/" + settings.functionName() + " of app " + settings.app();
    PlatformResponse metadata = call(transport, functionUrl, attempt.deadline(), functionCall);
    unusable = metadata.status() == 404 ? null : unusable(metadata, false);
    if (unusable != null) {
      checks.add(InitCheck.warning("functionStatus", unusable));
      return checks;
    }
    if (metadata.status() != 200) {
      throw PlatformFailures.ofPlatformCall(transport, functionCall, metadata, clock);
    }
    checks.add(functionStatus(metadata));
    return checks;
  }

  private InitCheck hostStatus(PlatformResponse reply) {
    JsonNode status = json(reply);
    if (status == null || !status.path("state").isTextual()) {
      return InitCheck.warning(
          "hostStatus",
          "GET /admin/host/status answered 200 with something other than the "
              + "host's status: is something in front of app "
              + settings.app()
              + "? Not checked");
    }
    String state = status.path("state").asText();
    String version = text(status, "version");
    if (!state.equals(RUNNING)) {
      List<String> errors = new ArrayList<>();
      status.path("errors").forEach(e -> errors.add(shown(e.asText())));
      throw new ComputeUnavailableException(
          Reason.PLATFORM_ERROR,
          "the Functions host of app "
              + settings.app()
              + " is "
              + shown(state)
              + ", not "
              + RUNNING
              + (errors.isEmpty() ? "" : " (errors: " + String.join("; ", errors) + ")")
              + ": init waits until it runs (a cold start or a restart); if it does not, check the app's logs",
          null);
    }
    return InitCheck.passed(
        "hostStatus",
        "the Functions host of app "
            + settings.app()
            + " is "
            + RUNNING
            + (version.isEmpty() ? "" : ", runtime version " + version));
  }

  private InitCheck functionStatus(PlatformResponse reply) {
    String function = "function '" + settings.functionName() + "'";
    JsonNode metadata = json(reply);
    if (metadata == null) {
      return InitCheck.warning(
          "functionStatus",
          "GET /admin/functions/"
              + settings.functionName()
              + " answered 200 "
              + "with something other than the function's metadata: not checked");
    }
    if (metadata.path("isDisabled").asBoolean(false)) {
      throw new ComputeUnavailableException(
          Reason.NOT_DEPLOYED,
          function
              + " of app "
              + settings.app()
              + " is disabled, "
              + "so the host answers its calls 404: enable it (Azure portal, or set the app setting AzureWebJobs."
              + settings.functionName()
              + ".Disabled to false)",
          reply.status(),
          null,
          null);
    }
    JsonNode trigger = null;
    for (JsonNode binding : metadata.path("config").path("bindings")) {
      if (binding.path("type").asText().equalsIgnoreCase("httpTrigger")) {
        trigger = binding;
      }
    }
    if (trigger == null && metadata.path("config").path("bindings").isArray()) {
      throw new ComputeUnavailableException(
          Reason.NOT_DEPLOYED,
          function
              + " of app "
              + settings.app()
              + " has no "
              + "HTTP trigger, so it cannot be called over HTTP: deploy a function with an HTTP trigger (authLevel "
              + "function, route '"
              + settings.functionName()
              + "/{*path}'), or fix endpoint",
          reply.status(),
          null,
          null);
    }
    String language = text(metadata, "language");
    String details =
        trigger == null
            ? ""
            : " ("
                + (language.isEmpty() ? "" : language + ", ")
                + "httpTrigger authLevel "
                + text(trigger, "authLevel")
                + (text(trigger, "route").isEmpty()
                    ? ""
                    : ", route '" + text(trigger, "route") + "'")
                + ")";
    return InitCheck.passed(
        "functionStatus",
        function + " of app " + settings.app() + " is deployed and enabled" + details);
  }

  /**
   * Why the admin API cannot be used here, or null when it answered: a 403 that is not a stopped
   * app (admin isolation, or a key that is not the master key), or a 404 for the host's status
   * (which every Functions host serves).
   */
  private @Nullable String unusable(PlatformResponse reply, boolean hostStatus) {
    String unchecked =
        hostStatus
            ? "the host and the function were not checked, the info call still is"
            : "the function was not checked, the info call still is";
    if (reply.status() == 403 && !AzureReplies.isAppStopped(AzureReplies.text(reply.body()))) {
      return "the admin API of app "
          + settings.app()
          + " answered 403: admin isolation "
          + "(functionsRuntimeAdminIsolationEnabled) refuses calls from outside the app even with the master key, "
          + "or "
          + AzureSettings.MASTER_KEY
          + " is not the master key; "
          + unchecked;
    }
    if (hostStatus && reply.status() == 404) {
      return "app "
          + settings.app()
          + " does not serve the admin API (GET /admin/host/status answered 404: a gateway "
          + "in front of the app?); "
          + unchecked;
    }
    return null;
  }

  /**
   * One admin call; a reply without success carries Azure's meaning, for {@link PlatformFailures}.
   */
  private PlatformResponse call(
      PlatformTransport transport, HttpUrl url, Deadline deadline, String what) {
    Request request =
        new Request.Builder()
            .url(url)
            .get()
            .header(AzureFunctionsPlatformProvider.KEY_HEADER, masterKey.reveal())
            .header("Accept", "application/json")
            .build();
    PlatformResponse reply =
        PlatformCalls.execute(transport.httpClient(), request, deadline, BODY_LIMIT, what);
    if (reply.status() == 200) {
      return reply;
    }
    PlatformError error =
        url.equals(functionUrl) && reply.status() == 404
            ? new PlatformError(
                Reason.NOT_DEPLOYED,
                "NotFound",
                "the Functions host of app "
                    + settings.app()
                    + " has no function '"
                    + settings.functionName()
                    + "'",
                "deploy it, or fix endpoint, whose last path segment "
                    + "is taken as the function's name (the trigger's route must be '"
                    + settings.functionName()
                    + "/{*path}')")
            : replies.read(reply.status(), reply.headers(), reply.body());
    return new PlatformResponse(reply.status(), reply.headers(), reply.body(), error);
  }

  private static @Nullable JsonNode json(PlatformResponse reply) {
    try {
      JsonNode node = JSON.readTree(reply.body().unsafeArray());
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isValueNode() && !value.isNull() ? shown(value.asText()) : "";
  }

  /** What the admin API said, safe for a message: one line, short, no token-like text. */
  private static String shown(String value) {
    return Redaction.platformMessage(value);
  }
}
