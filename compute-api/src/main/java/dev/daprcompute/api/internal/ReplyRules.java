package dev.daprcompute.api.internal;

import dev.daprcompute.api.ComputeException;
import dev.daprcompute.api.ComputeRequestException;
import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.api.FunctionRejectedException;
import dev.daprcompute.api.ProtocolViolationException;
import dev.daprcompute.api.spi.FunctionRequest;
import dev.daprcompute.api.spi.PlatformFailures;
import dev.daprcompute.api.spi.PlatformResponse;
import dev.daprcompute.api.spi.PlatformTransport;
import dev.daprcompute.api.spi.Redaction;
import dev.daprcompute.protocol.BindingEventRequest;
import dev.daprcompute.protocol.BindingEventResponse;
import dev.daprcompute.protocol.BulkTopicEventEntry;
import dev.daprcompute.protocol.BulkTopicEventRequest;
import dev.daprcompute.protocol.BulkTopicEventResponse;
import dev.daprcompute.protocol.InfoDocument;
import dev.daprcompute.protocol.InvokeResponse;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.TopicEventResponse;
import dev.daprcompute.protocol.TopicEventStatus;
import dev.daprcompute.protocol.TopicSubscription;
import dev.daprcompute.protocol.internal.Messages;
import dev.daprcompute.protocol.internal.SafeHeaders;
import dev.daprcompute.protocol.wire.BindingReplies;
import dev.daprcompute.protocol.wire.TokenChallenge;
import dev.daprcompute.protocol.wire.WireFormat;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a reply means, for each operation (protocol section 4). A reply without the function's
 * marker is the platform's: a failure to wait out, or, for a PubSub delivery, RETRY (nothing is
 * lost); a {@code 401 invalid_token} from the function rejects our token; any other answer of the
 * function is read by Dapr's rules for an app's answers. Immutable and thread-safe.
 */
final class ReplyRules {
  private static final Logger log = LoggerFactory.getLogger(FunctionCompute.class);

  private final String component;
  private final PlatformTransport transport;
  private final String keyId;
  private final String audience;
  private final Clock clock;

  /**
   * @param keyId the signing key's id and {@code audience} the tokens' audience, for the advice on
   *     a token the function rejected
   */
  ReplyRules(
      String component, PlatformTransport transport, String keyId, String audience, Clock clock) {
    this.component = component;
    this.transport = transport;
    this.keyId = keyId;
    this.audience = audience;
    this.clock = clock;
  }

  // ------------------------------------------------------------------ each operation

  /** An invocation: the function's answer, whatever its status. */
  InvokeResponse invoke(FunctionRequest call, PlatformResponse reply) {
    functionAnswer(call, reply);
    return new InvokeResponse(
        reply.status(),
        reply.body(),
        reply.headers().first("content-type").orElse(""),
        SafeHeaders.replyMetadata(reply.headers()));
  }

  /**
   * A topic event: Dapr's HTTP delivery rules for the function's answer, RETRY for anything else.
   */
  TopicEventResponse topicEvent(FunctionRequest call, PlatformResponse reply) {
    if (!reply.answeredByFunction()) {
      ComputeUnavailableException failure = platformFailure(call, reply);
      warnRetry(call, failure.getMessage());
      return TopicEventResponse.retry(failure.getMessage(), failure.retryAfter().orElse(null));
    }
    String rejection = tokenRejection(reply);
    if (rejection != null) {
      String reason = rejected(call, reply, rejection).getMessage();
      log.error("{}; the event will be delivered again", reason);
      return TopicEventResponse.retry(reason, null);
    }
    int status = reply.status();
    if (status == 404) {
      return TopicEventResponse.drop();
    }
    if (status < 200 || status > 299) {
      return TopicEventResponse.retry(
          "the function answered " + status + " to " + Exchange.describe(call), null);
    }
    TopicEventResponse outcome = WireFormat.readTopicReply(reply.body().unsafeArray());
    if (!outcome.reason().isEmpty()) {
      log.warn("{}: {}; it will be delivered again", Exchange.describe(call), outcome.reason());
    }
    return outcome;
  }

  /** A topic event that got no reply: RETRY, with the platform's Retry-After when it gave one. */
  TopicEventResponse topicEventFailed(FunctionRequest call, Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof CancellationException cancelled) {
      throw cancelled;
    }
    String reason = Messages.of(cause);
    warnRetry(call, reason);
    Duration retryAfter =
        cause instanceof ComputeUnavailableException u ? u.retryAfter().orElse(null) : null;
    return TopicEventResponse.retry(reason, retryAfter);
  }

  /**
   * A batch: Dapr's HTTP bulk rules for the function's answer, every entry RETRY for anything else.
   */
  BulkTopicEventResponse bulkTopicEvent(
      FunctionRequest call, BulkTopicEventRequest batch, PlatformResponse reply) {
    if (!reply.answeredByFunction()) {
      ComputeUnavailableException failure = platformFailure(call, reply);
      warnRetry(call, failure.getMessage());
      return BulkTopicEventResponse.all(
          batch, TopicEventStatus.RETRY, failure.getMessage(), failure.retryAfter().orElse(null));
    }
    String rejection = tokenRejection(reply);
    if (rejection != null) {
      String reason = rejected(call, reply, rejection).getMessage();
      log.error("{}; the batch will be delivered again", reason);
      return BulkTopicEventResponse.all(batch, TopicEventStatus.RETRY, reason, null);
    }
    int status = reply.status();
    if (status == 404) {
      return BulkTopicEventResponse.all(batch, TopicEventStatus.DROP, "", null);
    }
    if (status < 200 || status > 299) {
      return BulkTopicEventResponse.all(
          batch, TopicEventStatus.RETRY, "the function answered " + status, null);
    }
    Map<String, String> statuses;
    try {
      statuses = WireFormat.readBulkStatuses(reply.body().unsafeArray());
    } catch (IllegalArgumentException e) {
      return BulkTopicEventResponse.all(
          batch,
          TopicEventStatus.RETRY,
          "the function's bulk answer is malformed: " + e.getMessage(),
          null);
    }
    List<BulkTopicEventResponse.Entry> entries = new ArrayList<>();
    for (BulkTopicEventEntry entry : batch.entries()) {
      // Exactly as daprd compares them; missing, empty or unknown (a lower-case "drop" too): RETRY.
      TopicEventStatus outcome =
          switch (statuses.getOrDefault(entry.entryId(), "")) {
            case "SUCCESS" -> TopicEventStatus.SUCCESS;
            case "DROP" -> TopicEventStatus.DROP;
            default -> TopicEventStatus.RETRY;
          };
      entries.add(new BulkTopicEventResponse.Entry(entry.entryId(), outcome));
    }
    return BulkTopicEventResponse.of(entries);
  }

  /** A batch that got no reply: every entry RETRY. */
  BulkTopicEventResponse bulkTopicEventFailed(
      FunctionRequest call, BulkTopicEventRequest batch, Throwable failure) {
    TopicEventResponse retry = topicEventFailed(call, failure);
    return BulkTopicEventResponse.all(
        batch, TopicEventStatus.RETRY, retry.reason(), retry.retryAfter());
  }

  /**
   * A binding event: the function's 2xx answer with its output bindings, or the platform's word
   * that it queued the event; any other status of the function's is a rejection.
   */
  BindingEventResponse bindingEvent(
      FunctionRequest call, BindingEventRequest event, PlatformResponse reply) {
    if (reply.isQueued()) {
      return BindingEventResponse.queued(Objects.requireNonNull(reply.queuedAs()));
    }
    functionAnswer(call, reply);
    if (reply.status() < 200 || reply.status() > 299) {
      throw new FunctionRejectedException(
          "the function answered "
              + reply.status()
              + " to binding event '"
              + event.name()
              + "' of component '"
              + component
              + "'"
              + excerpt(reply),
          reply.status(),
          null);
    }
    return BindingReplies.read(reply.headers(), reply.body());
  }

  /** The subscriptions: none when the function answers 404 or 204, as daprd reads an app's. */
  List<TopicSubscription> subscriptions(FunctionRequest call, PlatformResponse reply) {
    functionAnswer(call, reply);
    if (reply.status() == 404 || reply.status() == 204) {
      return List.of();
    }
    if (reply.status() != 200) {
      throw new FunctionRejectedException(
          "the function answered "
              + reply.status()
              + " to "
              + Protocol.SUBSCRIBE_PATH
              + " of component '"
              + component
              + "'"
              + excerpt(reply),
          reply.status(),
          null);
    }
    try {
      return WireFormat.readSubscriptions(reply.body().unsafeArray());
    } catch (IllegalArgumentException e) {
      throw new ProtocolViolationException(
          "the function's "
              + Protocol.SUBSCRIBE_PATH
              + " answer (component '"
              + component
              + "') is not Dapr's subscription format: "
              + e.getMessage(),
          e);
    }
  }

  /** The info document. */
  InfoDocument info(FunctionRequest call, PlatformResponse reply) {
    functionAnswer(call, reply);
    if (reply.status() != 200) {
      throw new FunctionRejectedException(
          "the function answered " + reply.status() + " to " + Protocol.INFO_PATH + excerpt(reply),
          reply.status(),
          null);
    }
    try {
      return WireFormat.readInfo(reply.body().unsafeArray());
    } catch (IllegalArgumentException e) {
      throw new ProtocolViolationException(
          "the function's info document is malformed: " + e.getMessage(), e);
    }
  }

  // ------------------------------------------------------------------ the rules all share

  /**
   * Returns when the function itself answered and accepted our token; otherwise throws what
   * protocol section 4 prescribes for the platform's answer or the token's rejection.
   */
  private void functionAnswer(FunctionRequest call, PlatformResponse reply) {
    if (reply.isQueued()) {
      throw new ComputeException(
          transport.platformName()
              + " transport answered "
              + describe(call)
              + " with 'queued', which only a binding event may be: a provider defect");
    }
    if (!reply.answeredByFunction()) {
      if (reply.status() == 413) {
        // Not a failure to wait out: the same request would be refused again. (A topic event
        // stays RETRY, so that Dapr's resiliency policy and dead-letter topic decide.)
        throw new ComputeRequestException(
            transport.platformName()
                + " refused "
                + describe(call)
                + " as too large (413"
                + excerpt(reply)
                + "): send less, or raise the platform's request size limit");
      }
      throw platformFailure(call, reply);
    }
    String rejection = tokenRejection(reply);
    if (rejection != null) {
      throw rejected(call, reply, rejection);
    }
  }

  private ComputeUnavailableException platformFailure(
      FunctionRequest call, PlatformResponse reply) {
    return PlatformFailures.ofDelivery(transport, describe(call), reply, clock);
  }

  private FunctionRejectedException rejected(
      FunctionRequest call, PlatformResponse reply, String why) {
    return new FunctionRejectedException(
        "the function rejected the token of component '"
            + component
            + "' on "
            + Exchange.describe(call)
            + ": "
            + (why.isEmpty() ? "no reason given" : why)
            + ". Check that the function has the public key for kid "
            + keyId
            + " and expects audience '"
            + audience
            + "'",
        reply.status(),
        why);
  }

  /**
   * The function's {@code error_description} when it answered 401 {@code invalid_token}; else null.
   */
  private static @Nullable String tokenRejection(PlatformResponse reply) {
    return TokenChallenge.read(reply.status(), reply.headers()).orElse(null);
  }

  private String describe(FunctionRequest call) {
    return Exchange.describe(call) + " of component '" + component + "'";
  }

  /** A short, token-free excerpt of a body, for messages: {@code ": text"}, or nothing. */
  private static String excerpt(PlatformResponse reply) {
    String excerpt = Redaction.excerpt(reply.headers(), reply.body());
    return excerpt.isEmpty() ? "" : ": " + excerpt;
  }

  private static void warnRetry(FunctionRequest call, String reason) {
    log.warn("{} will be delivered again: {}", Exchange.describe(call), reason);
  }

  static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
