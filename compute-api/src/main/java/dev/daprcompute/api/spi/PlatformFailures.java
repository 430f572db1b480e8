package dev.daprcompute.api.spi;

import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.api.ComputeUnavailableException.Reason;
import dev.daprcompute.protocol.Protocol;
import java.time.Clock;

/**
 * The one wording of a platform's failures (protocol section 4), for the component's deliveries and
 * for a transport's own calls alike: what failed, the platform's status and error, and what an
 * operator does about it (the error's own {@link PlatformResponse.PlatformError#fix}, else {@link
 * PlatformTransport#advice}). Thread-safe; stateless.
 */
public final class PlatformFailures {
  private PlatformFailures() {}

  /**
   * What a reply without the function's {@link Protocol#MARKER_HEADER} means, for a request that
   * should have reached the function.
   *
   * @param what the request, for messages, such as {@code POST /orders of component 'orders'}
   */
  public static ComputeUnavailableException ofDelivery(
      PlatformTransport transport, String what, PlatformResponse reply, Clock clock) {
    return of(transport, what, reply, clock, true);
  }

  /**
   * What a failed reply to one of the transport's own calls means (an init check, a management
   * API), which the function never answers.
   *
   * @param what the call, for messages, such as {@code the DryRun invoke of function 'orders'}
   */
  public static ComputeUnavailableException ofPlatformCall(
      PlatformTransport transport, String what, PlatformResponse reply, Clock clock) {
    return of(transport, what, reply, clock, false);
  }

  private static ComputeUnavailableException of(
      PlatformTransport transport,
      String what,
      PlatformResponse reply,
      Clock clock,
      boolean delivery) {
    int status = reply.status();
    PlatformResponse.PlatformError error = reply.platformError();
    Reason reason = PlatformCalls.reason(status, error);
    String platform = transport.platformName();
    String function = "'" + transport.functionName() + "'";
    String excerpt = Redaction.excerpt(reply.headers(), reply.body());
    String detail =
        error != null
            ? " (" + status + " " + error.code() + ": " + Redaction.tokens(error.message()) + ")"
            : " (" + status + (excerpt.isEmpty() ? "" : ": " + excerpt) + ")";
    // An error that carries its own fix says it in place of the advice for its reason (which may
    // not fit it).
    String fix = error == null || error.fix().isEmpty() ? "" : ": " + error.fix();
    String message =
        switch (reason) {
          case NOT_DEPLOYED ->
              platform
                  + " says function "
                  + function
                  + " is not deployed"
                  + detail
                  + (fix.isEmpty()
                      ? ": "
                          + advice(
                              transport,
                              reason,
                              "deploy it, or fix the component's function name or endpoint")
                      : fix);
          case PLATFORM_CREDENTIALS ->
              fix.isEmpty()
                  ? platform
                      + " refused the platform credential for "
                      + what
                      + detail
                      + ": "
                      + advice(
                          transport,
                          reason,
                          "check the credential (function key, AWS credentials, API token) and its permissions")
                  : platform + " refused " + what + detail + fix;
          case THROTTLED -> platform + " throttled " + what + detail + fix;
          case FUNCTION_CRASHED ->
              "function " + function + " crashed before answering " + what + detail + fix;
          case TIMEOUT -> platform + " timed out on " + what + detail + fix;
          case PLATFORM_ERROR, CONNECTION_FAILED -> {
            if (status >= 300 && status < 400) {
              yield platform
                  + " redirected "
                  + what
                  + " ("
                  + status
                  + " to "
                  + reply.headers().first("location").map(Redaction::url).orElse("nowhere")
                  + "), which the component never "
                  + "follows, since a redirected request would not reach the function intact: set the endpoint to the URL "
                  + "that serves the function";
            }
            yield delivery
                ? platform
                    + " answered "
                    + what
                    + " without the function's "
                    + Protocol.MARKER_HEADER
                    + " header"
                    + detail
                    + (fix.isEmpty()
                        ? ": a cold start, a platform failure, or an endpoint that does not run a dapr-compute"
                            + " function"
                        : fix)
                : platform + " failed " + what + detail + fix;
          }
        };
    return new ComputeUnavailableException(
        reason, message, status, PlatformCalls.retryAfter(reply.headers(), clock), null);
  }

  private static String advice(PlatformTransport transport, Reason reason, String otherwise) {
    String advice = transport.advice(reason);
    return advice.isEmpty() ? otherwise : advice;
  }
}
