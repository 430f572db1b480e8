package dev.daprcompute.azure.functions;

import dev.daprcompute.api.Metadata;
import dev.daprcompute.api.protocol.PlatformResponse.PlatformError;
import dev.daprcompute.api.protocol.Protocol;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What an answer of Azure Functions without the function's marker means, in Azure's words: the
 * Functions host (401 for a key it does not know, 404 for no function at the route, 429 when it
 * throttles, 503 while it is not running), the front end (403 for a stopped app, 502 after its
 * 230 s cut-off) and App Service Authentication in front. Stateless.
 */
final class AzureReplies {
  private AzureReplies() {}

  /** The Functions host's body while it is not running (a cold start, a restart). */
  static final String HOST_NOT_RUNNING = "Function host is not running.";
  /** The front end's page for a stopped (or quota-exhausted) app. */
  static final String APP_STOPPED = "This web app is stopped.";
  /** The host's answer to throttling, asking the platform for more instances. */
  static final String SCALE_OUT_HEADER = "X-FUNCTION-SCALEOUT";
  /** Azure's limit for an HTTP request body: 100 MB. */
  static final long MAX_REQUEST_BODY = 104_857_600L;
  /** How long Azure's front end waits for an HTTP-triggered function. */
  static final int FRONT_END_SECONDS = 230;

  /** Which key a call carried, for the meaning of a 401. */
  enum Key {
    /** {@code functionKey}, on a function call. */
    FUNCTION,
    /** {@code masterKey}, on an admin call. */
    MASTER
  }

  /**
   * Azure's meaning of a reply without the marker, or {@code null} where the status says all (a
   * redirect, say, which the component explains itself).
   *
   * @param function the function's name, for the 401 and 404 messages
   */
  static @Nullable PlatformError meaning(int status, Metadata headers, byte[] body, Key key, String function) {
    String text = status >= 400 ? new String(body, 0, Math.min(body.length, 4096), StandardCharsets.UTF_8) : "";
    switch (status) {
      case 401 -> {
        if (headers.contains("www-authenticate")) {
          // The Functions host never challenges (its 401 is an empty UnauthorizedResult): this is
          // App Service Authentication or a gateway in front.
          return error("Unauthorized", "App Service Authentication (Easy Auth) or a gateway in front of the app refused "
              + "the request (it answered with a WWW-Authenticate challenge): if it reads the Authorization header, set "
              + "tokenHeader: Dapr-Authorization so that the component's token stays out of its way, and let the "
              + "component's calls through");
        }
        return key == Key.FUNCTION
            ? error("Unauthorized", "the Functions host refused the function key sent in x-functions-key: set "
                + AzureSettings.FUNCTION_KEY + " to a key of function '" + function + "' or a host key "
                + "(az functionapp function keys list)")
            : error("Unauthorized", "the Functions host refused " + AzureSettings.MASTER_KEY + " on its admin API: set "
                + "it to the app's master key, _master (az functionapp keys list), or remove it to skip the admin checks");
      }
      case 403 -> {
        if (isAppStopped(text)) {
          return error("AppStopped", "the function app is stopped (\"Error 403 - " + APP_STOPPED + "\"), or its "
              + "plan's quota is used up: start it (Azure portal, or az functionapp start), or raise the quota");
        }
        return error("Forbidden", "the app refused the call (access restrictions, a private endpoint, or App Service "
            + "Authentication): allow the component's address, or check the app's networking and authentication settings");
      }
      case 404 -> {
        return error("NotFound", "no function answers at this URL: function '" + function + "' is not deployed, is "
            + "disabled, or its route does not match the endpoint (the trigger's route must be '" + function
            + "/{*path}' under routePrefix 'api', or set endpoint to the trigger's URL without the catch-all part)");
      }
      case 413 -> {
        return error("PayloadTooLarge", "the request body is over the app's limit (Azure's is 100 MB)");
      }
      case 414 -> {
        return error("UriTooLong", "the URL is over Azure's limit of 4 KB: shorten the method name or query");
      }
      case 429 -> {
        return error("Throttled", "the Functions host is throttling (host.json extensions.http maxOutstandingRequests "
            + "or maxConcurrentRequests, or its dynamic throttles)"
            + (headers.contains(SCALE_OUT_HEADER) ? "; it asked the platform to scale out (" + SCALE_OUT_HEADER + ")" : ""));
      }
      case 500 -> {
        return error("InternalServerError", "the Functions host failed before the function could answer, or the "
            + "function failed outside the dapr-compute router (an exception in the worker, a missing class): see "
            + "the app's logs (Application Insights)");
      }
      case 502 -> {
        return error("BadGateway", "Azure's front end ends an HTTP call that runs longer than " + FRONT_END_SECONDS
            + " s with 502 (the function may still be running), and answers 502 when the worker fails: make the "
            + "function answer within " + FRONT_END_SECONDS + " s, or use the async pattern (answer 202 at once and "
            + "finish in the background, with Durable Functions or a queue)");
      }
      case 503 -> {
        if (text.contains(HOST_NOT_RUNNING)) {
          return error("HostNotRunning", "the Functions host is not running (a cold start, a restart, or a host that "
              + "cannot start): it runs again by itself; if it does not, check the app's logs");
        }
        if (headers.first("content-type").orElse("").toLowerCase(Locale.ROOT).startsWith("text/html")) {
          return error("AppOffline", "the app is offline (app_offline.htm, as during a deployment)");
        }
        return error("ServiceUnavailable", "the app is unavailable");
      }
      default -> {
        if (status >= 200 && status < 300) {
          return error("NoMarker", "the answer has no " + Protocol.MARKER_HEADER + " header, so no dapr-compute "
              + "function wrote it (the app's home page?): set endpoint to the HTTP trigger's URL, such as "
              + "https://app.azurewebsites.net/api/dapr");
        }
        return null;
      }
    }
  }

  /** Whether {@code text} is the front end's page for a stopped app. */
  static boolean isAppStopped(String text) {
    return text.contains(APP_STOPPED);
  }

  // SPI v2: a PlatformError carries no fix of its own, so FunctionCompute appends its generic one
  // ("check the credential (function key, AWS credentials, API token)") after Azure's meaning, even
  // for a stopped app (a 403, so PLATFORM_CREDENTIALS and the init check 'credentials').
  private static PlatformError error(String code, String message) {
    return new PlatformError(null, code, message);
  }
}
