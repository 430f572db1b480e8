package dev.daprcompute.protocol.wire;

import dev.daprcompute.protocol.BindingEventConcurrency;
import dev.daprcompute.protocol.BindingEventResponse;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.Protocol;
import java.util.Arrays;
import java.util.List;

/**
 * A function's answer to a binding event (protocol section 1): the reply data is the body, the
 * output bindings that receive it are {@link Protocol#BINDING_TO_HEADER} (comma-separated), and how
 * they are served is {@link Protocol#BINDING_CONCURRENCY_HEADER} ({@code parallel}, else
 * sequential). The function side writes these headers, the component reads them. Thread-safe;
 * stateless.
 */
public final class BindingReplies {
  private BindingReplies() {}

  /** The headers of the answer {@code reply}; none for a reply with data only. */
  public static Metadata headers(BindingEventResponse reply) {
    Metadata.Builder headers = Metadata.builder();
    if (!reply.to().isEmpty()) {
      headers.add(Protocol.BINDING_TO_HEADER, String.join(",", reply.to()));
    }
    if (reply.concurrency() == BindingEventConcurrency.PARALLEL) {
      headers.add(Protocol.BINDING_CONCURRENCY_HEADER, "parallel");
    }
    return headers.build();
  }

  /**
   * The reply in an answer with {@code headers} and {@code body}: every value of the {@code
   * Dapr-Binding-To} headers split at commas, blanks dropped; {@code parallel} in any letter case,
   * else sequential.
   */
  public static BindingEventResponse read(Metadata headers, Payload body) {
    List<String> to =
        headers.all(Protocol.BINDING_TO_HEADER).stream()
            .flatMap(v -> Arrays.stream(v.split(",")))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .toList();
    BindingEventConcurrency concurrency =
        headers
            .first(Protocol.BINDING_CONCURRENCY_HEADER)
            .filter(v -> v.equalsIgnoreCase("parallel"))
            .map(v -> BindingEventConcurrency.PARALLEL)
            .orElse(BindingEventConcurrency.SEQUENTIAL);
    return new BindingEventResponse(body, to, concurrency);
  }
}
