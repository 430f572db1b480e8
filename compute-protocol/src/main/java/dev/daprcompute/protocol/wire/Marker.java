package dev.daprcompute.protocol.wire;

import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Protocol;

/**
 * The protocol marker ({@link Protocol#MARKER_HEADER}), by which the component tells the function's
 * answers from its platform's (protocol section 4): the function side sets it on every answer, the
 * component on every request, and a reply is the function's exactly when it carries it.
 * Thread-safe; stateless.
 */
public final class Marker {
  private Marker() {}

  /** The marker's value: the protocol version. */
  public static final String VALUE = Integer.toString(Protocol.VERSION);

  /** {@code headers} with the marker set (replacing any value it had). */
  public static Metadata.Builder set(Metadata.Builder headers) {
    return headers.set(Protocol.MARKER_HEADER, VALUE);
  }

  /**
   * Whether a message with {@code headers} carries the marker, so the function (or the component)
   * wrote it, whatever version the value names: a newer function's answer is still its answer.
   */
  public static boolean isPresent(Metadata headers) {
    return headers.contains(Protocol.MARKER_HEADER);
  }
}
