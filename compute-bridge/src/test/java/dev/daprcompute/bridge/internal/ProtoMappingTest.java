package dev.daprcompute.bridge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.daprcompute.api.Compute;
import dev.daprcompute.protocol.BulkTopicEventEntry;
import dev.daprcompute.protocol.BulkTopicEventRequest;
import dev.daprcompute.protocol.BulkTopicEventResponse;
import dev.daprcompute.protocol.HttpVerb;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.TopicEventStatus;
import io.dapr.v1.CommonProtos;
import io.dapr.v1.DaprAppCallbackProtos;
import io.dapr.v1.DaprAppCallbackProtos.TopicEventResponse.TopicEventResponseStatus;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("AppCallback messages to the compute SPI and back")
class ProtoMappingTest {

  private static Value v(String s) {
    return Value.newBuilder().setStringValue(s).build();
  }

  private static Value n(double d) {
    return Value.newBuilder().setNumberValue(d).build();
  }

  @Test
  @DisplayName("reads extensions from a Struct, whole numbers as integers, and leaves nulls out")
  void struct() {
    Struct struct =
        Struct.newBuilder()
            .putFields("s", v("text"))
            .putFields("i", n(5))
            .putFields("big", n(1e12))
            .putFields("d", n(2.5))
            .putFields("b", Value.newBuilder().setBoolValue(true).build())
            .putFields("nothing", Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build())
            .putFields(
                "list",
                Value.newBuilder()
                    .setListValue(ListValue.newBuilder().addValues(v("a")).addValues(n(1)))
                    .build())
            .putFields(
                "map",
                Value.newBuilder()
                    .setStructValue(Struct.newBuilder().putFields("k", v("v")))
                    .build())
            .build();
    Map<String, Object> map = ProtoMapping.fromStruct(struct);
    assertThat(map)
        .containsEntry("s", "text")
        .containsEntry("i", 5)
        .containsEntry("big", 1_000_000_000_000L)
        .containsEntry("d", 2.5)
        .containsEntry("b", true)
        .containsEntry("list", List.of("a", 1))
        .containsEntry("map", Map.of("k", "v"))
        .doesNotContainKey("nothing");
    assertThat(ProtoMapping.fromStruct(ProtoMapping.toStruct(map))).isEqualTo(map);
  }

  @ParameterizedTest
  @EnumSource(
      value = CommonProtos.HTTPExtension.Verb.class,
      names = "UNRECOGNIZED",
      mode = EnumSource.Mode.EXCLUDE)
  @DisplayName("maps every HTTP extension verb to the verb of the same name")
  void verbs(CommonProtos.HTTPExtension.Verb verb) {
    assertThat(ProtoMapping.verb(verb)).isEqualTo(HttpVerb.valueOf(verb.name()));
  }

  @Test
  @DisplayName("reads an invocation's Any value, content type, verb, query string and metadata")
  void invoke() {
    var request =
        CommonProtos.InvokeRequest.newBuilder()
            .setMethod("orders/1")
            .setData(
                com.google.protobuf.Any.newBuilder()
                    .setValue(com.google.protobuf.ByteString.copyFromUtf8("b")))
            .setContentType("text/plain")
            .setHttpExtension(
                CommonProtos.HTTPExtension.newBuilder()
                    .setVerb(CommonProtos.HTTPExtension.Verb.PUT)
                    .setQuerystring("a=1"))
            .build();
    var mapped = ProtoMapping.invokeRequest(request, Metadata.of("x", "y"));
    assertThat(mapped.method()).isEqualTo("orders/1");
    assertThat(mapped.data().toUtf8()).isEqualTo("b");
    assertThat(mapped.contentType()).isEqualTo("text/plain");
    assertThat(mapped.verb()).isEqualTo(HttpVerb.PUT);
    assertThat(mapped.queryString()).isEqualTo("a=1");
    assertThat(mapped.metadata().first("x")).hasValue("y");
  }

  @Test
  @DisplayName(
      "reads bulk entries of either kind, and reports RETRY for an entry the Compute left out")
  void bulk() {
    var batch =
        DaprAppCallbackProtos.TopicEventBulkRequest.newBuilder()
            .setId("b")
            .setTopic("t")
            .setPubsubName("p")
            .setPath("/t")
            .putMetadata("k", "v")
            .addEntries(
                DaprAppCallbackProtos.TopicEventBulkRequestEntry.newBuilder()
                    .setEntryId("1")
                    .setBytes(com.google.protobuf.ByteString.copyFromUtf8("raw"))
                    .setContentType("text/plain"))
            .addEntries(
                DaprAppCallbackProtos.TopicEventBulkRequestEntry.newBuilder()
                    .setEntryId("2")
                    .setCloudEvent(
                        DaprAppCallbackProtos.TopicEventCERequest.newBuilder()
                            .setId("ce")
                            .setSource("s")
                            .setType("t")
                            .setSpecVersion("1.0")
                            .setDataContentType("text/plain")
                            .setData(com.google.protobuf.ByteString.copyFromUtf8("x"))
                            .setExtensions(Struct.newBuilder().putFields("e", v("1")))))
            .addEntries(
                DaprAppCallbackProtos.TopicEventBulkRequestEntry.newBuilder().setEntryId("3"))
            .build();
    BulkTopicEventRequest mapped = ProtoMapping.bulk(batch);
    assertThat(mapped.type()).isEqualTo(BulkTopicEventRequest.BULK_TYPE);
    assertThat(mapped.metadata()).containsEntry("k", "v");
    assertThat(mapped.entries().get(0).event())
        .isInstanceOfSatisfying(
            BulkTopicEventEntry.RawEvent.class,
            raw -> assertThat(raw.data().toUtf8()).isEqualTo("raw"));
    assertThat(mapped.entries().get(1).event())
        .isInstanceOfSatisfying(
            BulkTopicEventEntry.CloudEvent.class,
            ce -> assertThat(ce.extensions()).containsEntry("e", "1"));
    assertThat(mapped.entries().get(2).event())
        .isInstanceOfSatisfying(
            BulkTopicEventEntry.RawEvent.class, raw -> assertThat(raw.data().isEmpty()).isTrue());

    var reply =
        ProtoMapping.bulkResponse(
            batch,
            BulkTopicEventResponse.of(
                List.of(
                    new BulkTopicEventResponse.Entry("2", TopicEventStatus.DROP),
                    new BulkTopicEventResponse.Entry("1", TopicEventStatus.SUCCESS),
                    new BulkTopicEventResponse.Entry("unknown", TopicEventStatus.SUCCESS))));
    assertThat(reply.getStatusesList())
        .extracting(s -> s.getEntryId() + "=" + s.getStatus())
        .containsExactly("1=SUCCESS", "2=DROP", "3=RETRY");
  }

  @Test
  @DisplayName(
      "puts trace context from the call's headers into binding metadata unless the binding set it")
  void binding_trace() {
    var event =
        DaprAppCallbackProtos.BindingEventRequest.newBuilder()
            .setName("q")
            .putMetadata("TraceParent", "mine")
            .build();
    var mapped =
        ProtoMapping.bindingEvent(event, Metadata.of("traceparent", "call", "baggage", "k=v"));
    assertThat(mapped.metadata())
        .containsEntry("TraceParent", "mine")
        .containsEntry("baggage", "k=v")
        .doesNotContainKey("traceparent");
  }

  @Test
  @DisplayName(
      "delivers an event without a path to the subscription's default route, else to /<topic>")
  void default_path() {
    Compute compute =
        (Compute)
            Proxy.newProxyInstance(
                Compute.class.getClassLoader(),
                new Class<?>[] {Compute.class},
                (proxy, method, args) -> {
                  throw new UnsupportedOperationException();
                });
    Catalog catalog = new Catalog(compute);
    catalog.setSubscriptions(
        List.of(dev.daprcompute.protocol.TopicSubscription.of("pubsub", "orders", "/incoming")));
    var event =
        DaprAppCallbackProtos.TopicEventRequest.newBuilder()
            .setId("1")
            .setSource("s")
            .setType("t")
            .setSpecVersion("1.0")
            .setTopic("orders")
            .setPubsubName("pubsub")
            .build();
    assertThat(ProtoMapping.topicEvent(event, Metadata.empty(), catalog).path())
        .isEqualTo("/incoming");
    assertThat(
            ProtoMapping.topicEvent(
                    event.toBuilder().setTopic("other").build(), Metadata.empty(), catalog)
                .path())
        .isEqualTo("/other");
    assertThat(catalog.subscriptionForRoute("incoming/")).isPresent();
  }

  @Test
  @DisplayName("writes each delivery status as the same TopicEventResponse status")
  void statuses() {
    assertThat(ProtoMapping.topicResponse(TopicEventStatus.SUCCESS).getStatus())
        .isEqualTo(TopicEventResponseStatus.SUCCESS);
    assertThat(ProtoMapping.topicResponse(TopicEventStatus.RETRY).getStatus())
        .isEqualTo(TopicEventResponseStatus.RETRY);
    assertThat(ProtoMapping.topicResponse(TopicEventStatus.DROP).getStatus())
        .isEqualTo(TopicEventResponseStatus.DROP);
  }
}
