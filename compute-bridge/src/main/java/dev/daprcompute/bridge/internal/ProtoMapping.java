package dev.daprcompute.bridge.internal;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.Value;
import dev.daprcompute.protocol.BindingEventConcurrency;
import dev.daprcompute.protocol.BindingEventRequest;
import dev.daprcompute.protocol.BindingEventResponse;
import dev.daprcompute.protocol.BulkTopicEventEntry;
import dev.daprcompute.protocol.BulkTopicEventRequest;
import dev.daprcompute.protocol.BulkTopicEventResponse;
import dev.daprcompute.protocol.HttpVerb;
import dev.daprcompute.protocol.InvokeRequest;
import dev.daprcompute.protocol.InvokeResponse;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.TopicEventRequest;
import dev.daprcompute.protocol.TopicEventStatus;
import dev.daprcompute.protocol.TopicRule;
import dev.daprcompute.protocol.TopicSubscription;
import io.dapr.v1.CommonProtos;
import io.dapr.v1.DaprAppCallbackProtos;
import io.dapr.v1.DaprAppCallbackProtos.TopicEventResponse.TopicEventResponseStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dapr 1.16's {@code AppCallback} messages to the compute SPI's records and back, field for field.
 * Stateless and thread-safe.
 */
public final class ProtoMapping {
  private ProtoMapping() {}

  /** Trace context that travels in gRPC headers rather than in a binding event's metadata. */
  private static final List<String> TRACE_KEYS = List.of("traceparent", "tracestate", "baggage");

  // ------------------------------------------------------------------ invoke

  /**
   * A daprd {@code OnInvoke} request. {@code data} is an {@code Any}: its value is the body (raw
   * bytes when {@code type_url} is unset, the packed message's bytes otherwise).
   */
  public static InvokeRequest invokeRequest(CommonProtos.InvokeRequest request, Metadata metadata) {
    CommonProtos.HTTPExtension http = request.getHttpExtension();
    return new InvokeRequest(
        request.getMethod(),
        payload(request.getData().getValue()),
        request.getContentType(),
        verb(http.getVerb()),
        http.getQuerystring(),
        metadata);
  }

  /**
   * A function's 2xx reply as daprd reads it: data as an {@code Any} with only a value, as daprd
   * builds it.
   */
  public static CommonProtos.InvokeResponse invokeResponse(InvokeResponse reply) {
    return CommonProtos.InvokeResponse.newBuilder()
        .setData(Any.newBuilder().setValue(bytes(reply.data())))
        .setContentType(reply.contentType())
        .build();
  }

  static HttpVerb verb(CommonProtos.HTTPExtension.Verb verb) {
    return switch (verb) {
      case GET -> HttpVerb.GET;
      case HEAD -> HttpVerb.HEAD;
      case POST -> HttpVerb.POST;
      case PUT -> HttpVerb.PUT;
      case DELETE -> HttpVerb.DELETE;
      case CONNECT -> HttpVerb.CONNECT;
      case OPTIONS -> HttpVerb.OPTIONS;
      case TRACE -> HttpVerb.TRACE;
      case PATCH -> HttpVerb.PATCH;
      case NONE, UNRECOGNIZED -> HttpVerb.NONE;
    };
  }

  // ------------------------------------------------------------------ topic events

  /**
   * A daprd {@code OnTopicEvent} request. {@code path} is the route daprd matched; when it is empty
   * the subscription's default route is used.
   */
  public static TopicEventRequest topicEvent(
      DaprAppCallbackProtos.TopicEventRequest event, Metadata metadata, Catalog catalog) {
    String path =
        event.getPath().isEmpty()
            ? catalog.defaultRoute(event.getPubsubName(), event.getTopic())
            : event.getPath();
    return new TopicEventRequest(
        event.getId(),
        event.getSource(),
        event.getType(),
        event.getSpecVersion(),
        event.getDataContentType(),
        payload(event.getData()),
        event.getTopic(),
        event.getPubsubName(),
        path,
        fromStruct(event.getExtensions()),
        metadata);
  }

  /** A delivery outcome as daprd reads it. */
  public static DaprAppCallbackProtos.TopicEventResponse topicResponse(TopicEventStatus status) {
    return DaprAppCallbackProtos.TopicEventResponse.newBuilder().setStatus(status(status)).build();
  }

  static TopicEventResponseStatus status(TopicEventStatus status) {
    return switch (status) {
      case SUCCESS -> TopicEventResponseStatus.SUCCESS;
      case RETRY -> TopicEventResponseStatus.RETRY;
      case DROP -> TopicEventResponseStatus.DROP;
    };
  }

  // ------------------------------------------------------------------ bulk

  /** A daprd {@code OnBulkTopicEventAlpha1} batch; an entry with no event is an empty raw event. */
  public static BulkTopicEventRequest bulk(DaprAppCallbackProtos.TopicEventBulkRequest batch) {
    List<BulkTopicEventEntry> entries = new ArrayList<>(batch.getEntriesCount());
    for (DaprAppCallbackProtos.TopicEventBulkRequestEntry entry : batch.getEntriesList()) {
      BulkTopicEventEntry.Event event;
      if (entry.getEventCase()
          == DaprAppCallbackProtos.TopicEventBulkRequestEntry.EventCase.CLOUD_EVENT) {
        DaprAppCallbackProtos.TopicEventCERequest ce = entry.getCloudEvent();
        event =
            new BulkTopicEventEntry.CloudEvent(
                ce.getId(),
                ce.getSource(),
                ce.getType(),
                ce.getSpecVersion(),
                ce.getDataContentType(),
                payload(ce.getData()),
                fromStruct(ce.getExtensions()));
      } else {
        event = new BulkTopicEventEntry.RawEvent(payload(entry.getBytes()));
      }
      entries.add(
          new BulkTopicEventEntry(
              entry.getEntryId(), event, entry.getContentType(), entry.getMetadataMap()));
    }
    String type = batch.getType().isEmpty() ? BulkTopicEventRequest.BULK_TYPE : batch.getType();
    return new BulkTopicEventRequest(
        batch.getId(),
        entries,
        batch.getMetadataMap(),
        batch.getTopic(),
        batch.getPubsubName(),
        type,
        batch.getPath());
  }

  /**
   * One status per entry of {@code batch}, in its order. An entry the Compute gave no status is
   * RETRY: it was not delivered.
   */
  public static DaprAppCallbackProtos.TopicEventBulkResponse bulkResponse(
      DaprAppCallbackProtos.TopicEventBulkRequest batch, BulkTopicEventResponse outcome) {
    Map<String, TopicEventStatus> byId = new HashMap<>();
    outcome.statuses().forEach(entry -> byId.putIfAbsent(entry.entryId(), entry.status()));
    DaprAppCallbackProtos.TopicEventBulkResponse.Builder out =
        DaprAppCallbackProtos.TopicEventBulkResponse.newBuilder();
    for (DaprAppCallbackProtos.TopicEventBulkRequestEntry entry : batch.getEntriesList()) {
      out.addStatuses(
          DaprAppCallbackProtos.TopicEventBulkResponseEntry.newBuilder()
              .setEntryId(entry.getEntryId())
              .setStatus(status(byId.getOrDefault(entry.getEntryId(), TopicEventStatus.RETRY))));
    }
    return out.build();
  }

  /** Every entry of {@code batch} with {@code status}. */
  public static DaprAppCallbackProtos.TopicEventBulkResponse bulkResponse(
      DaprAppCallbackProtos.TopicEventBulkRequest batch, TopicEventStatus status) {
    DaprAppCallbackProtos.TopicEventBulkResponse.Builder out =
        DaprAppCallbackProtos.TopicEventBulkResponse.newBuilder();
    for (DaprAppCallbackProtos.TopicEventBulkRequestEntry entry : batch.getEntriesList()) {
      out.addStatuses(
          DaprAppCallbackProtos.TopicEventBulkResponseEntry.newBuilder()
              .setEntryId(entry.getEntryId())
              .setStatus(status(status)));
    }
    return out.build();
  }

  // ------------------------------------------------------------------ bindings

  /**
   * A daprd {@code OnBindingEvent} request. Trace context from the call's gRPC headers joins the
   * binding metadata (which becomes the function's headers) when the binding did not set it.
   */
  public static BindingEventRequest bindingEvent(
      DaprAppCallbackProtos.BindingEventRequest event, Metadata callMetadata) {
    Map<String, String> metadata = new LinkedHashMap<>(event.getMetadataMap());
    for (String key : TRACE_KEYS) {
      boolean present = metadata.keySet().stream().anyMatch(k -> k.equalsIgnoreCase(key));
      callMetadata
          .first(key)
          .filter(value -> !present)
          .ifPresent(value -> metadata.put(key, value));
    }
    return new BindingEventRequest(event.getName(), payload(event.getData()), metadata);
  }

  /** A binding reply as daprd reads it: {@code data}, {@code to} and {@code concurrency}. */
  public static DaprAppCallbackProtos.BindingEventResponse bindingResponse(
      BindingEventResponse reply) {
    return DaprAppCallbackProtos.BindingEventResponse.newBuilder()
        .setData(bytes(reply.data()))
        .addAllTo(reply.to())
        .setConcurrency(
            reply.concurrency() == BindingEventConcurrency.PARALLEL
                ? DaprAppCallbackProtos.BindingEventResponse.BindingEventConcurrency.PARALLEL
                : DaprAppCallbackProtos.BindingEventResponse.BindingEventConcurrency.SEQUENTIAL)
        .build();
  }

  // ------------------------------------------------------------------ discovery

  /** The function's subscriptions as daprd reads them. */
  public static DaprAppCallbackProtos.ListTopicSubscriptionsResponse subscriptions(
      List<TopicSubscription> list) {
    DaprAppCallbackProtos.ListTopicSubscriptionsResponse.Builder out =
        DaprAppCallbackProtos.ListTopicSubscriptionsResponse.newBuilder();
    for (TopicSubscription s : list) {
      DaprAppCallbackProtos.TopicRoutes.Builder routes =
          DaprAppCallbackProtos.TopicRoutes.newBuilder().setDefault(s.routes().defaultPath());
      for (TopicRule rule : s.routes().rules()) {
        routes.addRules(
            DaprAppCallbackProtos.TopicRule.newBuilder()
                .setMatch(rule.match())
                .setPath(rule.path()));
      }
      DaprAppCallbackProtos.TopicSubscription.Builder subscription =
          DaprAppCallbackProtos.TopicSubscription.newBuilder()
              .setPubsubName(s.pubsubName())
              .setTopic(s.topic())
              .putAllMetadata(s.metadata())
              .setRoutes(routes)
              .setDeadLetterTopic(s.deadLetterTopic());
      s.bulk()
          .ifPresent(
              bulk ->
                  subscription.setBulkSubscribe(
                      DaprAppCallbackProtos.BulkSubscribeConfig.newBuilder()
                          .setEnabled(bulk.enabled())
                          .setMaxMessagesCount(bulk.maxMessagesCount())
                          .setMaxAwaitDurationMs(bulk.maxAwaitDurationMs())));
      out.addSubscriptions(subscription);
    }
    return out.build();
  }

  /** The function's input bindings as daprd reads them. */
  public static DaprAppCallbackProtos.ListInputBindingsResponse inputBindings(List<String> names) {
    return DaprAppCallbackProtos.ListInputBindingsResponse.newBuilder()
        .addAllBindings(names)
        .build();
  }

  // ------------------------------------------------------------------ Struct

  /**
   * A CloudEvent's extension attributes from a {@code Struct}. Null values are left out (a null
   * CloudEvent attribute is unset); whole numbers become {@code Integer} or {@code Long}, since a
   * {@code Struct} holds every number as a double and CloudEvents integers must stay integers.
   */
  public static Map<String, Object> fromStruct(Struct struct) {
    Map<String, Object> map = new LinkedHashMap<>();
    struct
        .getFieldsMap()
        .forEach(
            (name, value) -> {
              Object converted = fromValue(value);
              if (converted != null) {
                map.put(name, converted);
              }
            });
    return map;
  }

  /** A map of strings, numbers, booleans, lists and maps as a {@code Struct}. */
  public static Struct toStruct(Map<String, ?> map) {
    Struct.Builder out = Struct.newBuilder();
    map.forEach((name, value) -> out.putFields(name, toValue(value)));
    return out.build();
  }

  private static @org.jspecify.annotations.Nullable Object fromValue(Value value) {
    return switch (value.getKindCase()) {
      case STRING_VALUE -> value.getStringValue();
      case BOOL_VALUE -> value.getBoolValue();
      case NUMBER_VALUE -> number(value.getNumberValue());
      case STRUCT_VALUE -> fromStruct(value.getStructValue());
      case LIST_VALUE -> {
        List<Object> list = new ArrayList<>();
        for (Value item : value.getListValue().getValuesList()) {
          Object converted = fromValue(item);
          if (converted != null) {
            list.add(converted);
          }
        }
        yield List.copyOf(list);
      }
      case NULL_VALUE, KIND_NOT_SET -> null;
    };
  }

  private static Object number(double d) {
    if (d == Math.rint(d) && !Double.isInfinite(d)) {
      if (d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE) {
        return (int) d;
      }
      if (Math.abs(d)
          <= 9_007_199_254_740_992d) { // 2^53: beyond it a double is no longer an exact integer
        return (long) d;
      }
    }
    return d;
  }

  private static Value toValue(@org.jspecify.annotations.Nullable Object value) {
    if (value == null) {
      return Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
    }
    if (value instanceof String s) {
      return Value.newBuilder().setStringValue(s).build();
    }
    if (value instanceof Boolean b) {
      return Value.newBuilder().setBoolValue(b).build();
    }
    if (value instanceof Number n) {
      return Value.newBuilder().setNumberValue(n.doubleValue()).build();
    }
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> copy = new LinkedHashMap<>();
      m.forEach((k, v) -> copy.put(String.valueOf(k), v));
      return Value.newBuilder().setStructValue(toStruct(copy)).build();
    }
    if (value instanceof Iterable<?> it) {
      ListValue.Builder list = ListValue.newBuilder();
      it.forEach(item -> list.addValues(toValue(item)));
      return Value.newBuilder().setListValue(list).build();
    }
    return Value.newBuilder().setStringValue(value.toString()).build();
  }

  // ------------------------------------------------------------------ bytes

  private static Payload payload(ByteString bytes) {
    return bytes.isEmpty() ? Payload.empty() : Payload.wrap(bytes.toByteArray());
  }

  private static ByteString bytes(Payload payload) {
    // A payload's array never changes (Payload's contract), so gRPC may serialise it where it is.
    return payload.isEmpty()
        ? ByteString.EMPTY
        : UnsafeByteOperations.unsafeWrap(payload.unsafeArray());
  }
}
