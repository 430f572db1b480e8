package dev.daprcompute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.daprcompute.protocol.BindingEventConcurrency;
import dev.daprcompute.protocol.BindingEventRequest;
import dev.daprcompute.protocol.BindingEventResponse;
import dev.daprcompute.protocol.BulkSubscribeConfig;
import dev.daprcompute.protocol.BulkTopicEventEntry;
import dev.daprcompute.protocol.BulkTopicEventRequest;
import dev.daprcompute.protocol.BulkTopicEventResponse;
import dev.daprcompute.protocol.Feature;
import dev.daprcompute.protocol.HttpVerb;
import dev.daprcompute.protocol.InvokeRequest;
import dev.daprcompute.protocol.InvokeResponse;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.TopicEventResponse;
import dev.daprcompute.protocol.TopicEventStatus;
import dev.daprcompute.protocol.TopicSubscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Compact-constructor validation and factories of the records that mirror Dapr's messages. */
class RecordsTest {

  @ParameterizedTest
  @ValueSource(ints = {100, 200, 404, 599})
  void invoke_response_accepts_http_statuses(int status) {
    assertThat(InvokeResponse.status(status).status()).isEqualTo(status);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 99, 600, -1, 1000})
  void invoke_response_rejects_statuses_outside_100_to_599(int status) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new InvokeResponse(status, Payload.empty(), "", Metadata.empty()))
        .withMessageContaining(String.valueOf(status))
        .withMessageContaining("100-599");
  }

  @Test
  void invoke_response_factories_and_success() {
    InvokeResponse ok = InvokeResponse.ok(Payload.ofUtf8("{}"), "application/json");

    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.isSuccessful()).isTrue();
    assertThat(ok.metadata()).isEqualTo(Metadata.empty());
    assertThat(InvokeResponse.status(204).isSuccessful()).isTrue();
    assertThat(InvokeResponse.status(199).isSuccessful()).isFalse();
    assertThat(InvokeResponse.status(300).isSuccessful()).isFalse();
    assertThat(InvokeResponse.status(500).data()).isEqualTo(Payload.empty());
  }

  @Test
  void invoke_request_drops_a_leading_question_mark_and_rejects_nulls() {
    assertThat(InvokeRequest.of("orders", HttpVerb.GET).withQueryString("?a=1&b=2").queryString())
        .isEqualTo("a=1&b=2");
    assertThat(InvokeRequest.post("orders", Payload.ofUtf8("x"), "text/plain").verb())
        .isEqualTo(HttpVerb.POST);
    assertThatNullPointerException()
        .isThrownBy(
            () -> new InvokeRequest(null, Payload.empty(), "", HttpVerb.GET, "", Metadata.empty()))
        .withMessage("method == null");
  }

  @Test
  void http_verbs_mirror_dapr_and_none_goes_as_post() {
    assertThat(HttpVerb.NONE.wireName()).isEqualTo("POST");
    assertThat(HttpVerb.PATCH.wireName()).isEqualTo("PATCH");
    assertThat(HttpVerb.values())
        .extracting(Enum::ordinal)
        .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(HttpVerb.valueOf("CONNECT").ordinal()).isEqualTo(6);
  }

  @Test
  void topic_event_response_factories() {
    assertThat(TopicEventResponse.success())
        .isEqualTo(new TopicEventResponse(TopicEventStatus.SUCCESS, "", null));
    assertThat(TopicEventResponse.retry())
        .isEqualTo(new TopicEventResponse(TopicEventStatus.RETRY, "", null));
    assertThat(TopicEventResponse.drop())
        .isEqualTo(new TopicEventResponse(TopicEventStatus.DROP, "", null));
    assertThat(TopicEventResponse.success().retryAfterDuration()).isEmpty();

    TopicEventResponse throttled =
        TopicEventResponse.retry("platform answered 429", Duration.ofSeconds(3));
    assertThat(throttled.status()).isEqualTo(TopicEventStatus.RETRY);
    assertThat(throttled.reason()).isEqualTo("platform answered 429");
    assertThat(throttled.retryAfterDuration()).contains(Duration.ofSeconds(3));
    assertThatNullPointerException().isThrownBy(() -> new TopicEventResponse(null, "", null));
  }

  @ParameterizedTest
  @EnumSource(TopicEventStatus.class)
  void topic_event_response_of_a_status_has_that_status_and_no_reason(TopicEventStatus status) {
    TopicEventResponse response = TopicEventResponse.of(status);

    assertThat(response.status()).isEqualTo(status);
    assertThat(response.reason()).isEmpty();
    assertThat(response.retryAfter()).isNull();
  }

  @Test
  void bulk_request_rejects_duplicate_entry_ids() {
    BulkTopicEventEntry a = raw("same");
    BulkTopicEventEntry b = raw("same");

    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new BulkTopicEventRequest(
                    "b", List.of(a, b), Map.of(), "t", "p", BulkTopicEventRequest.BULK_TYPE, "/t"))
        .withMessageContaining("unique");
  }

  @Test
  void bulk_request_copies_its_lists() {
    List<BulkTopicEventEntry> entries = new ArrayList<>(List.of(raw("1")));
    BulkTopicEventRequest batch =
        new BulkTopicEventRequest(
            "b", entries, Map.of(), "t", "p", BulkTopicEventRequest.BULK_TYPE, "/t");

    entries.add(raw("2"));

    assertThat(batch.entries()).hasSize(1);
  }

  @Test
  void bulk_response_all_and_status_of() {
    BulkTopicEventRequest batch =
        new BulkTopicEventRequest(
            "b",
            List.of(raw("1"), raw("2")),
            Map.of(),
            "t",
            "p",
            BulkTopicEventRequest.BULK_TYPE,
            "/t");

    BulkTopicEventResponse all =
        BulkTopicEventResponse.all(
            batch, TopicEventStatus.RETRY, "platform 503", Duration.ofSeconds(1));

    assertThat(all.statuses())
        .extracting(BulkTopicEventResponse.Entry::entryId)
        .containsExactly("1", "2");
    assertThat(all.statusOf("2")).contains(TopicEventStatus.RETRY);
    assertThat(all.statusOf("3")).isEmpty();
    assertThat(all.reason()).isEqualTo("platform 503");
    assertThat(all.retryAfterDuration()).contains(Duration.ofSeconds(1));
  }

  @Test
  void topic_subscription_needs_a_pubsub_and_a_topic() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TopicSubscription.of(" ", "t", "/t"))
        .withMessage("pubsubName is blank");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TopicSubscription.of("p", "", "/t"))
        .withMessage("topic is blank");
    assertThatNullPointerException()
        .isThrownBy(() -> TopicSubscription.of("p", null, "/t"))
        .withMessage("topic == null");
    assertThat(TopicSubscription.of("p", "t", "/t").bulk()).isEmpty();
  }

  @Test
  void bulk_subscribe_config_rejects_negative_limits() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new BulkSubscribeConfig(true, -1, 0))
        .withMessageContaining("maxMessagesCount");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new BulkSubscribeConfig(true, 0, -1))
        .withMessageContaining("maxAwaitDurationMs");
  }

  @Test
  void call_options_need_a_positive_timeout() {
    assertThat(CallOptions.defaults().timeoutIfSet()).isEmpty();
    assertThat(CallOptions.timeout(Duration.ofSeconds(2)).timeoutIfSet())
        .contains(Duration.ofSeconds(2));
    assertThatIllegalArgumentException().isThrownBy(() -> CallOptions.timeout(Duration.ZERO));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CallOptions.timeout(Duration.ofSeconds(-1)));
  }

  @Test
  void an_enum_metadata_field_needs_allowed_values() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> new MetadataField("mode", MetadataField.Kind.ENUM, false, false, List.of(), "d"))
        .withMessageContaining("mode");
    MetadataField field =
        MetadataField.oneOf("mode", List.of("invoke", "url"), "d").asRequired().asSecret();
    assertThat(field.required()).isTrue();
    assertThat(field.secret()).isTrue();
    assertThat(field.allowedValues()).containsExactly("invoke", "url");
  }

  @Test
  void features_are_found_by_wire_name_and_unknown_names_are_ignored() {
    assertThat(Feature.fromWireName("bulkTopicEvents")).contains(Feature.BULK_TOPIC_EVENTS);
    assertThat(Feature.fromWireName("BulkTopicEvents")).isEmpty();
    assertThat(Feature.fromWireName("somethingNew")).isEmpty();
  }

  @Test
  void binding_records_copy_their_collections() {
    BindingEventResponse response = BindingEventResponse.of(Payload.ofUtf8("ok"));
    assertThat(response.to()).isEmpty();
    assertThat(response.concurrency()).isEqualTo(BindingEventConcurrency.SEQUENTIAL);
    assertThatNullPointerException().isThrownBy(() -> new BindingEventRequest("b", null, Map.of()));
  }

  private static BulkTopicEventEntry raw(String id) {
    return new BulkTopicEventEntry(
        id, new BulkTopicEventEntry.RawEvent(Payload.ofUtf8("x")), "text/plain", Map.of());
  }
}
