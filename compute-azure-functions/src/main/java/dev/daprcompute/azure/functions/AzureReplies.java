package dev.daprcompute.azure.functions;

import dev.daprcompute.api.spi.PlatformErrorReader;
import dev.daprcompute.api.spi.PlatformResponse.PlatformError;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.Protocol;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What an answer of Azure Functions without the function's marker means, in Azure's words, with
 * what to do about it: the Functions host (401 for a key it does not know, 404 for no function at
 * the route, 429 when it throttles, 503 while it is not running), the front end (403 for a stopped
 * app, 502 after its 230 s cut-off) and App Service Authentication in front. Immutable.
 *
 * @param function the function's name, for the 401 and 404 messages
 * @param key which key the calls carry, for the meaning of a 401
 */
record AzureReplies(String function, Key key) implements PlatformErrorReader {

  /** The Functions host's body while it is not running (a cold start, a restart). */
  static final String HOST_NOT_RUNNING = "Function host is not running.";

  /** The front end's page for a stopped (or quota-exhausted) app. */
  static final String APP_STOPPED = "This web app is stopped.";

  /** The host's answer to throttling, asking the platform for more instances. */
  static final String SCALE_OUT_HEADER = "X-FUNCTION-SCALEOUT";

  /** How long Azure's front end waits for an HTTP-triggered function. */
  static final int FRONT_END_SECONDS = 230;

  /** Which key a call carried, for the meaning of a 401. */
  enum Key {
    /** {@code functionKey}, on a function call. */
    FUNCTION,
    /** {@code masterKey}, on an admin call. */
    MASTER
  }

  AzureReplies {
    Objects.requireNonNull(function, "function == null");
    Objects.requireNonNull(key, "key == null");
  }

  /**
   * Azure's meaning of a reply without the marker, or {@code null} where the status says all (a
   * redirect, say, which the component explains itself).
   */
  @Override
  public @Nullable PlatformError read(int status, Metadata headers, Payload body) {
    String text = status >= 400 ? text(body) : "";
    switch (status) {
      case 401 -> {
        if (headers.contains("www-authenticate")) {
          // The Functions host never challenges (its 401 is an empty UnauthorizedResult): this is
          // App Service Authentication or a gateway in front.
          return error(
              "Unauthorized",
              "App Service Authentication (Easy Auth) or a gateway in front of the app refused "
                  + "the request (it answered with a WWW-Authenticate challenge)",
              "if it reads the Authorization header, "
                  + "set tokenHeader: Dapr-Authorization so that the component's token stays out of its way, and let the "
                  + "component's calls through");
        }
        return key == Key.FUNCTION
            ? error(
                "Unauthorized",
                "the Functions host refused the function key sent in "
                    + AzureFunctionsPlatformProvider.KEY_HEADER,
                "set "
                    + AzureSettings.FUNCTION_KEY
                    + " to a key of function '"
                    + function
                    + "' or a host key (az functionapp function keys list)")
            : error(
                "Unauthorized",
                "the Functions host refused " + AzureSettings.MASTER_KEY + " on its admin API",
                "set it to the app's master key, _master (az functionapp keys list), or remove it to skip the admin checks");
      }
      case 403 -> {
        if (isAppStopped(text)) {
          return error(
              "AppStopped",
              "the function app is stopped (\"Error 403 - "
                  + APP_STOPPED
                  + "\"), or its plan's "
                  + "quota is used up",
              "start it (Azure portal, or az functionapp start), or raise the quota");
        }
        return error(
            "Forbidden",
            "the app refused the call (access restrictions, a private endpoint, or App Service "
                + "Authentication)",
            "allow the component's address, or check the app's networking and authentication settings");
      }
      case 404 -> {
        return error(
            "NotFound",
            "no function answers at this URL: function '"
                + function
                + "' is not deployed, is "
                + "disabled, or its route does not match the endpoint",
            "deploy or enable it, and give its trigger the route '"
                + function
                + "/{*path}' under routePrefix 'api', or set endpoint to the trigger's URL without the catch-all part");
      }
      case 413 -> {
        return error(
            "PayloadTooLarge",
            "the request body is over the app's limit (Azure's is 100 MB)",
            "send less, or pass large data by reference (a Blob Storage URL, say)");
      }
      case 414 -> {
        return error(
            "UriTooLong",
            "the URL is over Azure's limit of 4 KB",
            "shorten the method name or query");
      }
      case 429 -> {
        return error(
            "Throttled",
            "the Functions host is throttling (host.json extensions.http maxOutstandingRequests "
                + "or maxConcurrentRequests, or its dynamic throttles)"
                + (headers.contains(SCALE_OUT_HEADER)
                    ? "; it asked the platform to scale out (" + SCALE_OUT_HEADER + ")"
                    : ""),
            "");
      }
      case 500 -> {
        return error(
            "InternalServerError",
            "the Functions host failed before the function could answer, or the "
                + "function failed outside the dapr-compute router (an exception in the worker, a missing class)",
            "see the app's logs (Application Insights)");
      }
      case 502 -> {
        return error(
            "BadGateway",
            "Azure's front end ends an HTTP call that runs longer than "
                + FRONT_END_SECONDS
                + " s with 502 (the function may still be running), and answers 502 when the worker fails",
            "make the "
                + "function answer within "
                + FRONT_END_SECONDS
                + " s, or use the async pattern (answer 202 at once and "
                + "finish in the background, with Durable Functions or a queue)");
      }
      case 503 -> {
        if (text.contains(HOST_NOT_RUNNING)) {
          return error(
              "HostNotRunning",
              "the Functions host is not running (a cold start, a restart, or a host that "
                  + "cannot start)",
              "it runs again by itself; if it does not, check the app's logs");
        }
        if (headers
            .first("content-type")
            .orElse("")
            .toLowerCase(Locale.ROOT)
            .startsWith("text/html")) {
          return error(
              "AppOffline",
              "the app is offline (app_offline.htm, as during a deployment)",
              "wait for the deployment to finish, or remove app_offline.htm if none is running");
        }
        return error(
            "ServiceUnavailable",
            "the app is unavailable",
            "check the app's state and its logs in the Azure portal (Log stream)");
      }
      default -> {
        if (status >= 200 && status < 300) {
          return error(
              "NoMarker",
              "the answer has no "
                  + Protocol.MARKER_HEADER
                  + " header, so no dapr-compute "
                  + "function wrote it (the app's home page?)",
              "set endpoint to the HTTP trigger's URL, such as " + AzureSettings.EXAMPLE);
        }
        return null;
      }
    }
  }

  /** Whether {@code text} is the front end's page for a stopped app. */
  static boolean isAppStopped(String text) {
    return text.contains(APP_STOPPED);
  }

  /** The start of {@code body} as text, enough to recognise Azure's pages. */
  static String text(Payload body) {
    return body.toUtf8(4096);
  }

  /**
   * Classified by its status; a fix that is empty leaves the advice for the reason to the
   * component.
   */
  private static PlatformError error(String code, String message, String fix) {
    return new PlatformError(null, code, message, fix);
  }
}
