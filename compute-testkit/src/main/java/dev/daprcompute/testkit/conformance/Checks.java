package dev.daprcompute.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.protocol.BulkTopicEventEntry;
import dev.daprcompute.protocol.BulkTopicEventRequest;
import dev.daprcompute.protocol.InvokeResponse;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.TopicEventRequest;
import dev.daprcompute.protocol.TopicEventResponse;
import dev.daprcompute.protocol.TopicEventStatus;
import dev.daprcompute.protocol.internal.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The calls and assertions the conformance rules share; usable in a provider's own tests too. Every
 * wait is bounded by {@link #WAIT}.
 */
public final class Checks {
  private Checks() {}

  /** How long a rule waits for a call's outcome before it fails. */
  public static final Duration WAIT = Duration.ofSeconds(20);

  /** A W3C {@code traceparent} for the rules that follow trace context. */
  public static final String TRACEPARENT =
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  /**
   * The call's value, waiting at most {@link #WAIT}; its failure as a {@link CompletionException}.
   */
  public static <T> T await(CompletableFuture<T> future) {
    return future.orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
  }

  /** Why the call failed, waiting at most {@link #WAIT}; fails the rule when it succeeded. */
  public static Throwable failureOf(CompletableFuture<?> future) {
    Throwable thrown =
        catchThrowable(() -> future.orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join());
    assertThat(thrown).as("the call must fail").isInstanceOf(CompletionException.class);
    return present(thrown.getCause(), "the cause of the call's CompletionException");
  }

  /** {@code value}, failing the rule with {@code what} is missing when it is null. */
  public static <T> T present(@Nullable T value, String what) {
    if (value == null) {
      throw new AssertionError(what + " is missing");
    }
    return value;
  }

  /**
   * The call's failure, which must be a platform failure ({@link ComputeUnavailableException}),
   * retryable unless an operator must act ({@code NOT_DEPLOYED}, {@code PLATFORM_CREDENTIALS}).
   */
  public static ComputeUnavailableException unavailable(CompletableFuture<?> call) {
    Throwable failure = failureOf(call);
    assertThat(failure)
        .as("a platform failure must be a ComputeUnavailableException")
        .isInstanceOf(ComputeUnavailableException.class);
    ComputeUnavailableException e = (ComputeUnavailableException) failure;
    boolean operatorMustAct =
        e.reason() == ComputeUnavailableException.Reason.NOT_DEPLOYED
            || e.reason() == ComputeUnavailableException.Reason.PLATFORM_CREDENTIALS;
    assertThat(e.isRetryable())
        .as("platform failures are retryable, unless an operator must act (%s)", e.reason())
        .isEqualTo(!operatorMustAct);
    return e;
  }

  /** The status a topic event's delivery ended with, waiting at most {@link #WAIT}. */
  public static TopicEventStatus statusOf(CompletableFuture<TopicEventResponse> outcome) {
    return await(outcome).status();
  }

  /**
   * A topic event for {@code pubsub/orders} (the reference function's {@code /orders}) with {@code
   * data} as text, which chooses the function's answer; its id is {@code ev-<data>}.
   */
  public static TopicEventRequest event(String data) {
    return TopicEventRequest.of(
        "ev-" + data, "pubsub", "orders", Payload.ofUtf8(data), "text/plain");
  }

  /**
   * A batch {@code batch-1} for {@code pubsub/bulk-orders} (the reference function's {@code
   * /bulk}), one CloudEvent entry {@code e<i>} per datum, in order.
   */
  public static BulkTopicEventRequest batch(String... data) {
    List<BulkTopicEventEntry> entries = new ArrayList<>();
    for (int i = 0; i < data.length; i++) {
      entries.add(
          new BulkTopicEventEntry(
              "e" + i,
              new BulkTopicEventEntry.CloudEvent(
                  "id-" + i,
                  "Dapr",
                  "com.dapr.event.sent",
                  "1.0",
                  "text/plain",
                  Payload.ofUtf8(data[i]),
                  Map.of()),
              Protocol.CLOUDEVENTS_JSON,
              Map.of()));
    }
    return new BulkTopicEventRequest(
        "batch-1",
        entries,
        Map.of(),
        "bulk-orders",
        "pubsub",
        BulkTopicEventRequest.BULK_TYPE,
        "/bulk");
  }

  /** {@code body} as a JSON tree; fails the rule when it is not JSON. */
  public static JsonNode json(Payload body) {
    try {
      return Json.MAPPER.readTree(body.unsafeArray());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + body.toUtf8(), e);
    }
  }

  /** An invoke reply and the echo document the reference function's {@code echo} method answers. */
  record InvokeReply(int status, Map<?, ?> echo) {
    static InvokeReply of(InvokeResponse reply) {
      try {
        return new InvokeReply(
            reply.status(), Json.MAPPER.readValue(reply.data().unsafeArray(), Map.class));
      } catch (IOException e) {
        throw new AssertionError("the echo reply is not JSON: " + reply.data().toUtf8(), e);
      }
    }
  }
}
