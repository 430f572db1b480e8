package dev.daprcompute.api.internal;

import dev.daprcompute.api.ComputeInitException;
import dev.daprcompute.api.ComputeRequestException;
import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.api.FunctionRejectedException;
import dev.daprcompute.api.ProtocolViolationException;
import dev.daprcompute.api.observation.ComputeObservation;
import dev.daprcompute.api.observation.ComputeObservation.Key;
import dev.daprcompute.api.spi.PlatformCalls;
import dev.daprcompute.api.spi.PlatformResponse;
import dev.daprcompute.protocol.BulkTopicEventResponse;
import dev.daprcompute.protocol.TopicEventResponse;
import dev.daprcompute.protocol.TopicEventStatus;
import dev.daprcompute.protocol.wire.TokenChallenge;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One component's observations ({@link ComputeObservation}): its calls, its init attempts and its
 * token signings, each with the component's keys, and the one reading of how a call ended (outcome
 * and reason). Off while the context's registry is a no-op one (Micrometer's {@code NOOP}, or a
 * registry without handlers yet): {@link #startCall} then returns null and the caller does nothing
 * more, so a call allocates nothing for observation. Asked on each call, so handlers registered
 * after the component was made still see its calls. Thread-safe.
 */
final class Observations {
  private static final Logger log = LoggerFactory.getLogger(FunctionCompute.class);
  static final String SUCCESS = "SUCCESS";
  static final String RETRY = "RETRY";
  static final String FAILURE = "FAILURE";
  static final String NONE = "none";

  /** The operations, in Dapr's words (the {@code operation} key). */
  static final String INVOKE = "invoke";

  static final String TOPIC_EVENT = "topic_event";
  static final String BULK_TOPIC_EVENT = "bulk_topic_event";
  static final String BINDING_EVENT = "binding_event";
  static final String LIST_TOPIC_SUBSCRIPTIONS = "list_topic_subscriptions";
  static final String LIST_INPUT_BINDINGS = "list_input_bindings";

  private final ObservationRegistry registry;
  private final KeyValues componentKeys;
  private final String component;

  Observations(ObservationRegistry registry, String component, String type) {
    this.registry = registry;
    this.component = component;
    this.componentKeys =
        KeyValues.of(Key.COMPONENT.asString(), component, Key.TYPE.asString(), type);
  }

  /** The component's keys: its name and type, for observations made elsewhere (token signings). */
  KeyValues componentKeys() {
    return componentKeys;
  }

  /** A started call observation, or null when observation is off (then nothing is to be done). */
  @Nullable Observation startCall(String operation) {
    if (registry.isNoop()) {
      return null;
    }
    Observation observation =
        Observation.createNotStarted(ComputeObservation.CALLS_NAME, registry)
            .contextualName(operation + " " + component)
            .lowCardinalityKeyValues(componentKeys)
            .lowCardinalityKeyValue(Key.OPERATION.asString(), operation);
    return quietly(observation::start, observation) ? observation : null;
  }

  /**
   * Runs {@code step} of {@code observation} (a handler's start or stop), logging what a handler
   * throws: a handler's failure must never become a call's or init's.
   *
   * @return whether it ran without failing
   */
  static boolean quietly(Runnable step, Observation observation) {
    try {
      step.run();
      return true;
    } catch (RuntimeException e) {
      log.warn(
          "an observation handler failed on '{}'; the component goes on without it",
          observation.getContextView().getContextualName(),
          e);
      return false;
    }
  }

  /**
   * {@code call}, completing only once its observation is stopped with how it ended, so whoever
   * waits for the call sees it counted. Cancelling the result does not cancel {@code call}; the
   * caller passes cancellation upstream (the call's observation then ends as it does).
   *
   * @param sent the platform call, or null when there was none
   */
  static <T> CompletableFuture<T> stoppingCall(
      Observation observation,
      CompletableFuture<T> call,
      @Nullable CompletableFuture<PlatformResponse> sent) {
    // Not call.whenComplete(...)'s own future: once that is cancelled, its action is skipped.
    CompletableFuture<T> observed = new CompletableFuture<>();
    call.whenComplete(
        (value, failure) -> {
          try {
            quietly(() -> stopCall(observation, value, failure, sent), observation);
          } finally {
            // Even when a handler throws an Error: the call completes, whatever observes it.
            if (failure == null) {
              observed.complete(value);
            } else {
              observed.completeExceptionally(failure);
            }
          }
        });
    return observed;
  }

  /**
   * Stops a call's observation with how the call ended.
   *
   * @param value the call's result, if it completed normally
   * @param failure why it failed, if it did
   * @param sent the platform call, or null when the request could not be built
   */
  private static void stopCall(
      Observation observation,
      @Nullable Object value,
      @Nullable Throwable failure,
      @Nullable CompletableFuture<PlatformResponse> sent) {
    Throwable cause = failure == null ? null : ReplyRules.unwrap(failure);
    String outcome;
    String reason;
    if (cause != null) {
      outcome = FAILURE;
      reason = reason(cause);
      observation.error(cause);
    } else {
      outcome = outcome(value);
      reason = outcome.equals(RETRY) ? whyRetry(sent) : NONE;
    }
    observation
        .lowCardinalityKeyValue(Key.OUTCOME.asString(), outcome)
        .lowCardinalityKeyValue(Key.REASON.asString(), reason)
        .stop();
  }

  /** A started init attempt observation ({@link Observation#NOOP} when observation is off). */
  Observation startInitAttempt() {
    if (registry.isNoop()) {
      return Observation.NOOP;
    }
    Observation observation =
        Observation.createNotStarted(ComputeObservation.INIT_ATTEMPTS_NAME, registry)
            .contextualName("init " + component)
            .lowCardinalityKeyValues(componentKeys);
    return quietly(observation::start, observation) ? observation : Observation.NOOP;
  }

  /** Stops an init attempt's observation: SUCCESS without a failure, else RETRY or FAILURE. */
  static void stopInitAttempt(
      Observation observation, @Nullable Throwable failure, boolean retrying) {
    if (observation.isNoop()) {
      return;
    }
    quietly(
        () -> {
          if (failure != null) {
            observation.error(failure);
          }
          observation
              .lowCardinalityKeyValue(
                  Key.OUTCOME.asString(), failure == null ? SUCCESS : retrying ? RETRY : FAILURE)
              .lowCardinalityKeyValue(
                  Key.REASON.asString(), failure == null ? NONE : reason(failure))
              .stop();
        },
        observation);
  }

  private static String outcome(@Nullable Object value) {
    if (value instanceof TopicEventResponse event) {
      return event.status().name();
    }
    if (value instanceof BulkTopicEventResponse batch) {
      boolean drop = false;
      for (BulkTopicEventResponse.Entry entry : batch.statuses()) {
        if (entry.status() == TopicEventStatus.RETRY) {
          return RETRY;
        }
        drop |= entry.status() == TopicEventStatus.DROP;
      }
      return drop ? TopicEventStatus.DROP.name() : SUCCESS;
    }
    return SUCCESS;
  }

  /** Why a PubSub delivery is RETRY: what the platform call found. */
  private static String whyRetry(@Nullable CompletableFuture<PlatformResponse> sent) {
    if (sent == null) {
      return "REQUEST_REFUSED";
    }
    if (!sent.isDone()) {
      return "CANCELLED";
    }
    PlatformResponse reply;
    try {
      reply = sent.join();
    } catch (RuntimeException e) {
      return reason(ReplyRules.unwrap(e));
    }
    if (!reply.answeredByFunction()) {
      return PlatformCalls.reason(reply.status(), reply.platformError()).name();
    }
    return TokenChallenge.read(reply.status(), reply.headers()).isPresent()
        ? "TOKEN_REJECTED"
        : "FUNCTION";
  }

  /** The {@code reason} of a failure (ComputeObservation.Key#REASON lists them). */
  static String reason(Throwable failure) {
    Throwable cause = ReplyRules.unwrap(failure);
    if (cause instanceof ComputeUnavailableException unavailable) {
      return unavailable.reason().name();
    }
    if (cause instanceof FunctionRejectedException rejected) {
      return rejected.tokenRejection().isPresent() ? "TOKEN_REJECTED" : "FUNCTION";
    }
    if (cause instanceof ProtocolViolationException) {
      return "PROTOCOL_VIOLATION";
    }
    if (cause instanceof ComputeRequestException) {
      return "REQUEST_REFUSED";
    }
    if (cause instanceof ComputeInitException init) {
      if (init.getCause() != null && init.getCause() != init) {
        return reason(init.getCause());
      }
      return init.failedCheck().equals("protocol") || init.failedCheck().equals("version")
          ? "PROTOCOL_VIOLATION"
          : "INTERNAL";
    }
    if (cause instanceof CancellationException || cause instanceof InterruptedException) {
      return "CANCELLED";
    }
    return "INTERNAL";
  }
}
