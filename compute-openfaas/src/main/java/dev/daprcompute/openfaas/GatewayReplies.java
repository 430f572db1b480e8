package dev.daprcompute.openfaas;

import dev.daprcompute.api.ComputeUnavailableException.Reason;
import dev.daprcompute.api.Metadata;
import dev.daprcompute.api.Payload;
import dev.daprcompute.api.internal.Redact;
import dev.daprcompute.api.protocol.PlatformResponse;
import dev.daprcompute.api.protocol.PlatformResponse.PlatformError;
import dev.daprcompute.api.protocol.Protocol;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * How the OpenFaaS gateway (and the faas-provider behind it) answers on {@code /function} and
 * {@code /async-function} when the function did not (platforms.md D4): each of its own answers
 * becomes a {@link PlatformError} that says what failed and what to do. Stateless.
 */
final class GatewayReplies {
  private GatewayReplies() {}

  /** The call-ID header the gateway sets on every answer it generated an ID for. */
  static final String CALL_ID = "X-Call-Id";

  /** The gateway's text when the scaling handler cannot find the function (404). */
  static final String FUNCTION_NOT_FOUND = "error finding function";
  /** faas-provider's proxy when no replica of the function is ready (503). */
  static final String NO_ENDPOINTS = "No endpoints available for";
  /** faas-provider's proxy when the function's pod does not answer (500). */
  static final String CANNOT_REACH = "Can't reach service for";
  /** The queue proxy when NATS does not take the request (500). */
  static final String QUEUE_ERROR = "Error queuing request";
  /** Go's router for a route the gateway does not serve: {@code /async-function} without NATS. */
  static final String GO_NOT_FOUND = "404 page not found";

  /**
   * The platform's reading of one answer.
   *
   * @param queued whether the request went to {@code /async-function}
   * @param knownDeployed whether the gateway's {@code /system} API has just said the function
   *     exists (then "no endpoints" means no ready replica yet, not "not deployed")
   */
  static PlatformResponse read(boolean queued, boolean knownDeployed, int status, Metadata headers, Payload body) {
    if (headers.contains(Protocol.MARKER_HEADER)) {
      return PlatformResponse.of(status, headers, body);
    }
    String text = text(body);
    PlatformError error = null;
    if (queued && status == 202) {
      String callId = headers.first(CALL_ID).orElse("");
      if (!callId.isEmpty()) {
        return accepted(callId);
      }
      error = new PlatformError(Reason.PLATFORM_ERROR, "NoCallId", "202 without " + CALL_ID
          + ", which the OpenFaaS gateway always sends: is gateway the OpenFaaS gateway's URL?");
    } else if (queued && status == 404 && text.startsWith(GO_NOT_FOUND)) {
      error = new PlatformError(Reason.PLATFORM_ERROR, "AsyncDisabled", "the gateway serves no /async-function route ("
          + text + "): run it with asynchronous invocation (NATS and the queue worker), or remove asyncBindings");
    } else if (queued && status == 500 && text.startsWith(QUEUE_ERROR)) {
      error = new PlatformError(Reason.PLATFORM_ERROR, "QueueError", text
          + " (NATS refused the request; its max_payload, 1 MB by default, bounds an asynchronous request)");
    } else if (status == 404 && text.startsWith(FUNCTION_NOT_FOUND)) {
      error = new PlatformError(Reason.NOT_DEPLOYED, "FunctionNotFound", text);
    } else if (status == 503 && text.startsWith(NO_ENDPOINTS)) {
      error = knownDeployed
          ? new PlatformError(Reason.PLATFORM_ERROR, "NoEndpoints", text
              + " (the function is deployed but no replica is ready yet)")
          : new PlatformError(Reason.NOT_DEPLOYED, "NoEndpoints", text + " (the function is not deployed, or none of its"
              + " replicas is ready and the gateway does not scale from zero)");
    } else if (status == 500 && text.startsWith(CANNOT_REACH)) {
      error = new PlatformError(Reason.PLATFORM_ERROR, "CannotReachService", text + " (the function's pod did not answer)");
    } else if (status == 502 && body.isEmpty()) {
      error = new PlatformError(Reason.PLATFORM_ERROR, "UpstreamFailed", "the gateway's upstream (the provider or the"
          + " function) failed, or the gateway's upstream_timeout passed");
    } else if (status == 401 && basicChallenge(headers)) {
      error = new PlatformError(Reason.PLATFORM_CREDENTIALS, "BasicAuthRequired", "something in front of the function"
          + " asks for Basic credentials (" + text + "); OpenFaaS CE does not authenticate /function, and this component"
          + " sends its /system credentials to /system only");
    }
    return error == null ? PlatformResponse.of(status, headers, body) : new PlatformResponse(status, headers, body, error);
  }

  /**
   * The answer for a request the gateway queued: no reply will ever be read, so the transport
   * answers for the function with an empty 202 (FunctionCompute reads it as an empty binding
   * response) and the call ID.
   */
  // SPI v2: PlatformResponse.queued(callId), which the component reports as an accepted binding event
  // (BindingEventResponse saying "queued as <callId>, no reply") instead of this forged marker.
  static PlatformResponse accepted(String callId) {
    return PlatformResponse.of(202, Metadata.of(Protocol.MARKER_HEADER, Integer.toString(Protocol.VERSION), CALL_ID, callId),
        Payload.empty());
  }

  private static boolean basicChallenge(Metadata headers) {
    return headers.all(Protocol.WWW_AUTHENTICATE).stream()
        .anyMatch(value -> value.toLowerCase(Locale.ROOT).startsWith("basic"));
  }

  /** The start of a text body, on one line, without tokens: the gateway's errors are short text. */
  static String text(Payload body) {
    if (body.isEmpty()) {
      return "";
    }
    byte[] bytes = body.unsafeArray();
    String text = new String(bytes, 0, Math.min(bytes.length, 1024), StandardCharsets.UTF_8)
        .replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
    text = Redact.tokens(text);
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }
}
