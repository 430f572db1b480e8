package dev.daprcompute.openfaas;

import dev.daprcompute.api.ComputeUnavailableException.Reason;
import dev.daprcompute.api.spi.PlatformResponse;
import dev.daprcompute.api.spi.PlatformResponse.PlatformError;
import dev.daprcompute.api.spi.Redaction;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.wire.Marker;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * How the OpenFaaS gateway (and the faas-provider behind it) answers on {@code /function} and
 * {@code /async-function} when the function did not (platforms.md D4): each of its own answers
 * becomes a {@link PlatformError} that says what failed and what to do, and the queue's 202 a
 * {@link PlatformResponse#queued} answer. Stateless.
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
   * The gateway's error in an answer on {@code /function} without the function's marker, or {@code
   * null} to classify it by its status.
   *
   * @param knownDeployed whether the gateway's {@code /system} API has just said the function
   *     exists (then "no endpoints" means no ready replica yet, not "not deployed")
   */
  static @Nullable PlatformError error(
      boolean knownDeployed, int status, Metadata headers, Payload body) {
    String text = text(body);
    if (status == 404 && text.startsWith(FUNCTION_NOT_FOUND)) {
      return new PlatformError(Reason.NOT_DEPLOYED, "FunctionNotFound", text);
    }
    if (status == 503 && text.startsWith(NO_ENDPOINTS)) {
      return knownDeployed
          ? new PlatformError(
              Reason.PLATFORM_ERROR,
              "NoEndpoints",
              text + " (the function is deployed but no replica" + " is ready yet)")
          : new PlatformError(
              Reason.NOT_DEPLOYED,
              "NoEndpoints",
              text
                  + " (the function is not deployed, or none of its"
                  + " replicas is ready and the gateway does not scale from zero)");
    }
    if (status == 500 && text.startsWith(CANNOT_REACH)) {
      return new PlatformError(
          Reason.PLATFORM_ERROR,
          "CannotReachService",
          text + " (the function's pod did not answer)",
          "check the function's replicas and logs (faas-cli describe, faas-cli logs)");
    }
    if (status == 502 && body.isEmpty()) {
      return new PlatformError(
          Reason.PLATFORM_ERROR,
          "UpstreamFailed",
          "the gateway's upstream (the provider or the"
              + " function) failed, or the gateway's upstream_timeout passed",
          "check the function's logs (faas-cli logs), and raise upstream_timeout if calls take that long");
    }
    if (status == 401 && basicChallenge(headers)) {
      return new PlatformError(
          Reason.PLATFORM_CREDENTIALS,
          "BasicAuthRequired",
          "something in front of the function"
              + " asks for Basic credentials"
              + (text.isEmpty() ? "" : " (" + text + ")"),
          "OpenFaaS CE does not authenticate"
              + " /function, and this component sends its /system credentials to /system only: let the component's calls"
              + " reach /function without Basic credentials");
    }
    return null;
  }

  /**
   * An answer on {@code /async-function}: the queue's 202 with the call ID is {@link
   * PlatformResponse#queued}; the queue's own failures and the gateway's are errors.
   */
  static PlatformResponse ofQueue(
      boolean knownDeployed, int status, Metadata headers, Payload body) {
    if (Marker.isPresent(headers)) {
      return PlatformResponse.of(status, headers, body);
    }
    String text = text(body);
    PlatformError error;
    if (status == 202) {
      String callId = headers.first(CALL_ID).orElse("");
      if (!callId.isEmpty()) {
        return PlatformResponse.queued(callId);
      }
      error =
          new PlatformError(
              Reason.PLATFORM_ERROR,
              "NoCallId",
              "202 without " + CALL_ID + ", which the OpenFaaS gateway always sends",
              "check that gateway is the OpenFaaS gateway's URL");
    } else if (status == 404 && text.startsWith(GO_NOT_FOUND)) {
      error =
          new PlatformError(
              Reason.PLATFORM_ERROR,
              "AsyncDisabled",
              "the gateway serves no /async-function route (" + text + ")",
              "run it with asynchronous invocation (NATS and the queue worker), or remove "
                  + OpenFaasSettings.ASYNC_BINDINGS);
    } else if (status == 500 && text.startsWith(QUEUE_ERROR)) {
      error =
          new PlatformError(
              Reason.PLATFORM_ERROR,
              "QueueError",
              text,
              "NATS refused the request; its max_payload,"
                  + " 1 MB by default, bounds an asynchronous request: send less, or raise max_payload");
    } else {
      error = error(knownDeployed, status, headers, body);
    }
    return error == null
        ? PlatformResponse.of(status, headers, body)
        : new PlatformResponse(status, headers, body, error);
  }

  private static boolean basicChallenge(Metadata headers) {
    return headers.all(Protocol.WWW_AUTHENTICATE).stream()
        .anyMatch(value -> value.toLowerCase(Locale.ROOT).startsWith("basic"));
  }

  /** The first line of a text body, cleaned for messages: the gateway's errors are short text. */
  static String text(Payload body) {
    return body.isEmpty() ? "" : Redaction.platformMessage(body.toUtf8(1024));
  }
}
