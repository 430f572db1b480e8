package dev.daprcompute.azure.functions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.api.ComputeUnavailableException.Reason;
import dev.daprcompute.api.InitCheck;
import dev.daprcompute.api.SecretValue;
import dev.daprcompute.api.internal.Json;
import dev.daprcompute.api.internal.Messages;
import dev.daprcompute.api.internal.Redact;
import dev.daprcompute.api.protocol.PlatformCalls;
import dev.daprcompute.api.protocol.PlatformResponse;
import dev.daprcompute.api.protocol.PlatformResponse.PlatformError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code init}'s checks through the Functions host's admin API, with the master key in
 * {@code x-functions-key}: {@code GET /admin/host/status} must say {@code Running}
 * ({@code hostStatus}), and {@code GET /admin/functions/{name}} must find the function, enabled
 * ({@code functionStatus}).
 *
 * <ul>
 *   <li>A host that is not {@code Running} (starting after a cold start, restarting, in
 *       {@code Error}), 429, 5xx and network failures: retryable, so init waits them out with
 *       back-off until {@code initTimeout}.
 *   <li>No such function, or a disabled one: not deployed, init fails at once. So does a refused
 *       master key (401) or a stopped app (403 "This web app is stopped.").
 *   <li>Any other 403 (admin isolation refuses external admin calls even with the master key) or a
 *       404 for the host status (something in front of the app that does not pass {@code /admin}
 *       on): the checks are skipped with a warning, and the info call decides.
 * </ul>
 *
 * <p>Thread-safe; stateless between runs.
 */
final class AdminChecks {
  private static final Logger log = LoggerFactory.getLogger(AdminChecks.class);
  private static final long BODY_LIMIT = 1 << 20;
  private static final String RUNNING = "Running";

  private final String component;
  private final AzureSettings settings;
  private final OkHttpClient client;
  private final Clock clock;
  private final HttpUrl hostStatusUrl;
  private final HttpUrl functionUrl;
  private final SecretValue masterKey;

  AdminChecks(String component, AzureSettings settings, OkHttpClient client, Clock clock) {
    this.component = component;
    this.settings = settings;
    this.client = client;
    this.clock = clock;
    this.masterKey = Objects.requireNonNull(settings.masterKey(), "masterKey == null");
    this.hostStatusUrl = settings.appRoot().newBuilder().addPathSegments("admin/host/status").build();
    this.functionUrl = settings.appRoot().newBuilder().addPathSegments("admin/functions")
        .addPathSegment(settings.functionName()).build();
  }

  /**
   * Runs both checks within {@code timeout}.
   *
   * @return the checks, passed or (with a warning) skipped
   * @throws ComputeUnavailableException when a check failed: retryable unless its reason is
   *     {@link Reason#NOT_DEPLOYED} or {@link Reason#PLATFORM_CREDENTIALS}
   */
  List<InitCheck> run(Duration timeout) {
    // SPI v2: checkPlatform gets a Deadline value instead of a Duration; until then, one made here.
    long deadline = System.nanoTime() + timeout.toNanos();
    List<InitCheck> checks = new ArrayList<>();
    String function = "function '" + settings.functionName() + "'";

    PlatformResponse status = call(hostStatusUrl, deadline, "GET /admin/host/status");
    String skipped = skipReason(status, true);
    if (skipped != null) {
      warn(skipped);
      checks.add(InitCheck.skipped("hostStatus", "warning: " + skipped));
      checks.add(InitCheck.skipped("functionStatus", "warning: " + skipped));
      return checks;
    }
    if (status.status() != 200) {
      throw failure(status, "GET /admin/host/status");
    }
    checks.add(hostStatus(status));

    PlatformResponse metadata = call(functionUrl, deadline, "GET /admin/functions/" + settings.functionName());
    if (metadata.status() == 404) {
      throw new ComputeUnavailableException(Reason.NOT_DEPLOYED, "the Functions host of app " + settings.app()
          + " has no " + function + " (GET /admin/functions/" + settings.functionName() + " answered 404): deploy it, or "
          + "fix endpoint, whose last path segment is taken as the function's name (the trigger's route must be '"
          + settings.functionName() + "/{*path}')", 404, null, null);
    }
    skipped = skipReason(metadata, false);
    if (skipped != null) {
      warn(skipped);
      checks.add(InitCheck.skipped("functionStatus", "warning: " + skipped));
      return checks;
    }
    if (metadata.status() != 200) {
      throw failure(metadata, "GET /admin/functions/" + settings.functionName());
    }
    checks.add(functionStatus(metadata, function));
    return checks;
  }

  private InitCheck hostStatus(PlatformResponse reply) {
    JsonNode status = json(reply);
    if (status == null || !status.path("state").isTextual()) {
      String why = "GET /admin/host/status answered 200 with something other than the host's status: is something "
          + "in front of app " + settings.app() + "? Not checked";
      warn(why);
      return InitCheck.skipped("hostStatus", "warning: " + why);
    }
    String state = status.path("state").asText();
    String version = text(status, "version");
    if (!state.equals(RUNNING)) {
      List<String> errors = new ArrayList<>();
      status.path("errors").forEach(e -> errors.add(shown(e.asText())));
      throw new ComputeUnavailableException(Reason.PLATFORM_ERROR, "the Functions host of app " + settings.app() + " is "
          + shown(state) + ", not " + RUNNING + (errors.isEmpty() ? "" : " (errors: " + String.join("; ", errors) + ")")
          + ": init waits until it runs (a cold start or a restart); if it does not, check the app's logs", null);
    }
    return InitCheck.passed("hostStatus", "the Functions host of app " + settings.app() + " is " + RUNNING
        + (version.isEmpty() ? "" : ", runtime version " + version));
  }

  private InitCheck functionStatus(PlatformResponse reply, String function) {
    JsonNode metadata = json(reply);
    if (metadata == null) {
      String why = "GET /admin/functions/" + settings.functionName() + " answered 200 with something other than the "
          + "function's metadata: not checked";
      warn(why);
      return InitCheck.skipped("functionStatus", "warning: " + why);
    }
    if (metadata.path("isDisabled").asBoolean(false)) {
      throw new ComputeUnavailableException(Reason.NOT_DEPLOYED, function + " of app " + settings.app() + " is disabled, "
          + "so the host answers its calls 404: enable it (Azure portal, or set the app setting AzureWebJobs."
          + settings.functionName() + ".Disabled to false)", reply.status(), null, null);
    }
    JsonNode trigger = null;
    for (JsonNode binding : metadata.path("config").path("bindings")) {
      if (binding.path("type").asText().equalsIgnoreCase("httpTrigger")) {
        trigger = binding;
      }
    }
    if (trigger == null && metadata.path("config").path("bindings").isArray()) {
      throw new ComputeUnavailableException(Reason.NOT_DEPLOYED, function + " of app " + settings.app() + " has no "
          + "HTTP trigger, so it cannot be called over HTTP: deploy a function with an HTTP trigger (authLevel "
          + "function, route '" + settings.functionName() + "/{*path}'), or fix endpoint", reply.status(), null, null);
    }
    String language = text(metadata, "language");
    String details = trigger == null ? "" : " (" + (language.isEmpty() ? "" : language + ", ") + "httpTrigger authLevel "
        + text(trigger, "authLevel") + (text(trigger, "route").isEmpty() ? "" : ", route '" + text(trigger, "route") + "'")
        + ")";
    return InitCheck.passed("functionStatus", function + " of app " + settings.app() + " is deployed and enabled"
        + details);
  }

  /**
   * Why the admin API cannot be used here, or null when it answered: a 403 that is not a stopped
   * app (admin isolation, or a key that is not the master key), or a 404 for the host's status
   * (which every Functions host serves).
   */
  private @Nullable String skipReason(PlatformResponse reply, boolean hostStatus) {
    String unchecked = hostStatus ? "the host and the function were not checked, the info call still is"
        : "the function was not checked, the info call still is";
    if (reply.status() == 403 && !AzureReplies.isAppStopped(text(reply))) {
      return "the admin API of app " + settings.app() + " answered 403: admin isolation "
          + "(functionsRuntimeAdminIsolationEnabled) refuses calls from outside the app even with the master key, "
          + "or " + AzureSettings.MASTER_KEY + " is not the master key; " + unchecked;
    }
    if (hostStatus && reply.status() == 404) {
      return "app " + settings.app() + " does not serve the admin API (GET /admin/host/status answered 404: a gateway "
          + "in front of the app?); " + unchecked;
    }
    return null;
  }

  // SPI v2: PlatformFailures (one place for these messages, FunctionCompute's platformFailure and
  // transports' init checks) replaces this.
  private ComputeUnavailableException failure(PlatformResponse reply, String what) {
    int status = reply.status();
    PlatformError meaning = AzureReplies.meaning(status, reply.headers(), reply.body().unsafeArray(),
        AzureReplies.Key.MASTER, settings.functionName());
    String redirect = status >= 300 && status < 400
        ? " to " + reply.headers().first("location").map(Redact::url).orElse("nowhere") + ", which init never follows: "
            + "set endpoint to the URL that serves the app (https://, if the app is HTTPS only)"
        : "";
    String message = "Azure Functions answered " + what + " of app " + settings.app() + " with " + status
        + (meaning != null ? " " + meaning.code() + ": " + meaning.message() : "") + redirect;
    return new ComputeUnavailableException(PlatformCalls.reason(status, meaning), message, status,
        PlatformCalls.retryAfter(reply.headers(), clock), null);
  }

  private PlatformResponse call(HttpUrl url, long deadline, String what) {
    Request request = new Request.Builder().url(url).get()
        .header(AzureFunctionsTransport.KEY_HEADER, masterKey.reveal())
        .header("Accept", "application/json")
        .build();
    Duration remaining = Duration.ofNanos(Math.max(deadline - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(1)));
    return PlatformCalls.execute(client, request, remaining, BODY_LIMIT, what + " of app " + settings.app());
  }

  // SPI v2: InitCheck has no WARNING outcome; a warning is a SKIPPED check whose detail starts with
  // "warning: ", and a log line.
  private void warn(String why) {
    log.warn("component '{}': {}", component, why);
  }

  private static @Nullable JsonNode json(PlatformResponse reply) {
    try {
      JsonNode node = Json.MAPPER.readTree(reply.body().unsafeArray());
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isValueNode() && !value.isNull() ? shown(value.asText()) : "";
  }

  private static String text(PlatformResponse reply) {
    byte[] body = reply.body().unsafeArray();
    return new String(body, 0, Math.min(body.length, 4096), StandardCharsets.UTF_8);
  }

  /** What the admin API said, safe for a message: printable, short, no token-like text. */
  private static String shown(String value) {
    return Messages.quote(Redact.tokens(value), 200);
  }
}
