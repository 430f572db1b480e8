package dev.daprcompute.api.spi;

import dev.daprcompute.api.ComputeUnavailableException.Reason;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.wire.Marker;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What came back through the platform: the function's answer (status, headers and body as the
 * function wrote them, after any envelope is removed), the platform's own reply, or the platform's
 * word that it queued the request to run later ({@link #queued}).
 *
 * <p>{@link #answeredByFunction()} decides between the first two, by protocol section 4: the
 * function's answers carry the {@link Protocol#MARKER_HEADER}; a transport that recognised a
 * platform error says so with {@link #platformError()}, which wins.
 *
 * @param status the HTTP status (the function's, or the platform's)
 * @param headers the headers (the function's, or the platform's)
 * @param body the body (the function's, or the platform's)
 * @param platformError the platform error the transport decoded, if any
 * @param queuedAs the platform's id for a request it queued, or {@code null} when it did not queue
 *     it
 */
public record PlatformResponse(
    int status,
    Metadata headers,
    Payload body,
    @Nullable PlatformError platformError,
    @Nullable String queuedAs) {

  public PlatformResponse {
    Objects.requireNonNull(headers, "headers == null");
    Objects.requireNonNull(body, "body == null");
  }

  /** A reply, with the platform error the transport decoded from it, if any. */
  public PlatformResponse(
      int status, Metadata headers, Payload body, @Nullable PlatformError platformError) {
    this(status, headers, body, platformError, null);
  }

  /** A reply as it came, to be classified by its marker header. */
  public static PlatformResponse of(int status, Metadata headers, Payload body) {
    return new PlatformResponse(status, headers, body, null, null);
  }

  /**
   * The platform accepted the request and will run the function later, so no reply of the
   * function's will come (Lambda's {@code Event} invocations, OpenFaaS's asynchronous calls). Only
   * binding events may be answered so; the component reports it as {@code
   * BindingEventResponse.queued(callId)}.
   *
   * @param callId the platform's id of the queued call (Lambda's request id), for the operator; may
   *     be empty
   */
  public static PlatformResponse queued(String callId) {
    return new PlatformResponse(
        202,
        Metadata.empty(),
        Payload.empty(),
        null,
        Objects.requireNonNull(callId, "callId == null"));
  }

  /** Whether the platform queued the request rather than run it ({@link #queued}). */
  public boolean isQueued() {
    return queuedAs != null;
  }

  /** Whether the function itself answered (and not the platform). */
  public boolean answeredByFunction() {
    return platformError == null && queuedAs == null && Marker.isPresent(headers);
  }

  /**
   * A platform error a transport decoded from its platform's reply.
   *
   * @param reason what failed, when the transport knows better than the status code (a crashed
   *     function, say); {@code null} to classify by status
   * @param code the platform's error code, such as {@code ResourceNotFoundException} or {@code
   *     10007}
   * @param message the platform's message; must not contain secrets
   * @param fix what an operator does about this very error (a stopped app: start it), which {@link
   *     PlatformFailures} then says instead of the transport's {@link PlatformTransport#advice} for
   *     the reason; empty for that advice
   */
  // @Nullable Reason, not ComputeUnavailableException.@Nullable Reason: javac 17 writes a qualified
  // type annotation of a record component to the canonical constructor's class file as a field's,
  // so tools reading the jar (NullAway in the provider modules) would see reason as non-null.
  public record PlatformError(@Nullable Reason reason, String code, String message, String fix) {
    public PlatformError {
      Objects.requireNonNull(code, "code == null");
      Objects.requireNonNull(message, "message == null");
      Objects.requireNonNull(fix, "fix == null");
    }

    /** An error without a fix of its own: the transport's advice for its reason applies. */
    public PlatformError(@Nullable Reason reason, String code, String message) {
      this(reason, code, message, "");
    }
  }
}
