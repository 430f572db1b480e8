package dev.daprcompute.api.internal;

import dev.daprcompute.api.ComputeRequestException;
import dev.daprcompute.api.spi.FunctionRequest;
import dev.daprcompute.api.spi.Operation;
import dev.daprcompute.protocol.BindingEventRequest;
import dev.daprcompute.protocol.BulkTopicEventRequest;
import dev.daprcompute.protocol.HttpVerb;
import dev.daprcompute.protocol.InvokeRequest;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.TopicEventRequest;
import dev.daprcompute.protocol.internal.ByteSize;
import dev.daprcompute.protocol.internal.Messages;
import dev.daprcompute.protocol.internal.SafeHeaders;
import dev.daprcompute.protocol.internal.SafePaths;
import dev.daprcompute.protocol.wire.Marker;
import dev.daprcompute.protocol.wire.WireFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The request of each operation (protocol sections 1 and 5): the path, normalised and never above
 * the function's base URL; call metadata as headers, leaving out what must not travel and refusing
 * what could split a request; the body and its content type; {@code maxBodySize}; the protocol
 * marker. The token is not added here but when the call starts (a call may wait for a slot).
 *
 * <p>Every method throws {@link ComputeRequestException} for a request that can never be sent.
 * Immutable and thread-safe.
 */
final class RequestFactory {
  private final String component;
  private final long maxBodySize;
  private final String tokenHeader;
  private final boolean tokenInAuthorization;
  private final Supplier<String> token;
  private final @Nullable String appId;

  /**
   * @param tokenHeader where the token goes: a caller's {@code authorization} is dropped when it is
   *     {@code Authorization}
   * @param token the current value of the token header ({@code Bearer ...}), asked for per request
   * @param appId the Dapr app ID, sent with the subscription request
   */
  RequestFactory(
      String component,
      long maxBodySize,
      String tokenHeader,
      Supplier<String> token,
      @Nullable String appId) {
    this.component = component;
    this.maxBodySize = maxBodySize;
    this.tokenHeader = tokenHeader;
    this.tokenInAuthorization = tokenHeader.equals(Protocol.AUTHORIZATION);
    this.token = token;
    this.appId = appId;
  }

  /** {@code GET /.well-known/dapr/info}. */
  FunctionRequest info() {
    return request(
        Operation.INFO, "GET", Protocol.INFO_PATH, "", Metadata.empty(), "", Payload.empty());
  }

  /** {@code GET /dapr/subscribe}, with the app ID as daprd sends it. */
  FunctionRequest subscriptions() {
    Metadata metadata = appId == null ? Metadata.empty() : Metadata.of("dapr-app-id", appId);
    return request(
        Operation.SUBSCRIPTIONS, "GET", Protocol.SUBSCRIBE_PATH, "", metadata, "", Payload.empty());
  }

  /** {@code {verb} /{method}?{query}}: the invocation as daprd's HTTP app channel sends it. */
  FunctionRequest invoke(InvokeRequest request) {
    if (request.verb() == HttpVerb.CONNECT) {
      throw new ComputeRequestException(
          "verb CONNECT cannot be delivered to a function (daprd rejects it too)");
    }
    String verb = request.verb().wireName();
    if ((verb.equals("GET") || verb.equals("HEAD")) && !request.data().isEmpty()) {
      throw new ComputeRequestException(
          "a "
              + verb
              + " invocation of '"
              + SafePaths.printable(request.method())
              + "' carries a body, which HTTP cannot send: use POST or PUT");
    }
    return request(
        Operation.INVOKE,
        verb,
        safePath(request.method()),
        safeQuery(request.queryString()),
        request.metadata(),
        request.contentType(),
        request.data());
  }

  /**
   * {@code POST /{route}} with the structured-mode CloudEvent, the PubSub name and the event's
   * trace context as headers, as daprd sends them.
   */
  FunctionRequest topicEvent(TopicEventRequest event) {
    Metadata.Builder metadata = event.metadata().toBuilder();
    metadata.set(Protocol.PUBSUB_NAME_HEADER, event.pubsubName());
    for (String trace : List.of("traceparent", "tracestate")) {
      Object value = event.extensions().get(trace);
      if (value instanceof String s && !s.isEmpty() && !event.metadata().contains(trace)) {
        metadata.set(trace, s);
      }
    }
    Payload body = Payload.wrap(encode(() -> WireFormat.writeCloudEvent(event)));
    return request(
        Operation.TOPIC_EVENT,
        "POST",
        safePath(event.path()),
        "",
        metadata.build(),
        Protocol.CLOUDEVENTS_JSON,
        body);
  }

  /** {@code POST /{route}} with Dapr's bulk JSON body. */
  FunctionRequest bulkTopicEvent(BulkTopicEventRequest batch) {
    Payload body = Payload.wrap(encode(() -> WireFormat.writeBulk(batch)));
    return request(
        Operation.BULK_TOPIC_EVENT,
        "POST",
        safePath(batch.path()),
        "",
        Metadata.of(Protocol.PUBSUB_NAME_HEADER, batch.pubsubName()),
        Protocol.JSON,
        body);
  }

  /** {@code POST /{binding}} with the event's data and metadata. */
  FunctionRequest bindingEvent(BindingEventRequest event) {
    return request(
        Operation.BINDING_EVENT,
        "POST",
        safePath(event.name()),
        "",
        Metadata.ofSingle(event.metadata()),
        Protocol.JSON,
        event.data());
  }

  private FunctionRequest request(
      Operation operation,
      String verb,
      String path,
      String query,
      Metadata metadata,
      String contentType,
      Payload body) {
    if (body.size() > maxBodySize) {
      throw new ComputeRequestException(
          "the "
              + operation.name().toLowerCase(Locale.ROOT).replace('_', ' ')
              + " body ("
              + ByteSize.format(body.size())
              + ") is over maxBodySize ("
              + ByteSize.format(maxBodySize)
              + ") of component '"
              + component
              + "': send less, or raise maxBodySize");
    }
    Metadata.Builder headers = Metadata.builder();
    try {
      SafeHeaders.copyMetadata(metadata, tokenInAuthorization, headers);
      if (!contentType.isEmpty()) {
        SafeHeaders.check("content-type", contentType);
        headers.set("content-type", contentType);
      }
    } catch (IllegalArgumentException e) {
      throw new ComputeRequestException(Messages.of(e));
    }
    Marker.set(headers);
    // The token now, in the one metadata the request gets; a call that then waits for a slot
    // gets a current one when it starts (see Exchange).
    String current;
    try {
      current = token.get();
    } catch (RuntimeException e) {
      throw new ComputeRequestException(
          "no token for "
              + verb
              + " "
              + path
              + " of component '"
              + component
              + "': "
              + Messages.of(e)
              + ": check the component's key field (a PEM or JWK private key of a supported algorithm)");
    }
    headers.set(tokenHeader, current);
    return new FunctionRequest(operation, verb, path, query, headers.build(), body);
  }

  /** {@link SafePaths#normalize}, refusing as this request's fault. */
  private static String safePath(String method) {
    try {
      return SafePaths.normalize(method);
    } catch (IllegalArgumentException e) {
      throw new ComputeRequestException(Messages.of(e));
    }
  }

  /** {@link SafePaths#query}, refusing as this request's fault. */
  private static String safeQuery(String query) {
    try {
      return SafePaths.query(query);
    } catch (IllegalArgumentException e) {
      throw new ComputeRequestException(Messages.of(e));
    }
  }

  /** A body the wire format cannot write (an unsupported spec version, say) cannot be sent. */
  private static byte[] encode(Supplier<byte[]> encoder) {
    try {
      return encoder.get();
    } catch (IllegalArgumentException e) {
      throw new ComputeRequestException(Messages.of(e));
    }
  }
}
