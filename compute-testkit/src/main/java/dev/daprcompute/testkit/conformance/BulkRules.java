package dev.daprcompute.testkit.conformance;

import static dev.daprcompute.testkit.conformance.Checks.await;
import static dev.daprcompute.testkit.conformance.Checks.batch;
import static dev.daprcompute.testkit.conformance.Checks.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daprcompute.api.Compute;
import dev.daprcompute.protocol.BulkTopicEventEntry;
import dev.daprcompute.protocol.BulkTopicEventRequest;
import dev.daprcompute.protocol.BulkTopicEventResponse;
import dev.daprcompute.protocol.Feature;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.TopicEventRequest;
import dev.daprcompute.protocol.TopicEventStatus;
import dev.daprcompute.protocol.wire.WireFormat;
import dev.daprcompute.testkit.PlatformFault;
import dev.daprcompute.testkit.ReceivedRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Bulk topic events (protocol.md section 1): one status per entry, whether the function takes
 * batches ({@code bulkTopicEvents} among its features) or the component delivers the entries one by
 * one. Nothing is lost: a platform failure retries every entry.
 */
public interface BulkRules extends ConformanceRules {
  /**
   * A batch to a function that takes batches gets one status per entry, in order, as the function
   * answered each. When it fails: the batch body and the function's statuses must travel intact.
   */
  @Test
  @DisplayName("onBulkTopicEvent reports one status per entry, as the function answered each")
  default void required_bulkReportsOneStatusPerEntry() {
    BulkTopicEventResponse outcome =
        await(compute().onBulkTopicEvent(batch("SUCCESS", "RETRY", "DROP", "404", "500")));
    assertThat(outcome.statuses())
        .extracting(BulkTopicEventResponse.Entry::entryId)
        .containsExactly("e0", "e1", "e2", "e3", "e4");
    assertThat(outcome.statuses())
        .extracting(BulkTopicEventResponse.Entry::status)
        .containsExactly(
            TopicEventStatus.SUCCESS,
            TopicEventStatus.RETRY,
            TopicEventStatus.DROP,
            TopicEventStatus.DROP,
            TopicEventStatus.RETRY);
  }

  /**
   * Raw entries (JSON and binary) arrive intact, in one batch. When it fails: an envelope must keep
   * the batch byte for byte.
   */
  @Test
  @DisplayName("onBulkTopicEvent delivers raw entries (JSON and binary) intact")
  default void required_bulkDeliversRawEntries() {
    BulkTopicEventRequest raw =
        new BulkTopicEventRequest(
            "batch-raw",
            List.of(
                new BulkTopicEventEntry(
                    "j",
                    new BulkTopicEventEntry.RawEvent(Payload.ofUtf8("{\"raw\":true}")),
                    "application/json",
                    Map.of()),
                new BulkTopicEventEntry(
                    "b",
                    new BulkTopicEventEntry.RawEvent(Payload.of(new byte[] {0, 1, 2, (byte) 255})),
                    "application/octet-stream",
                    Map.of())),
            Map.of(),
            "bulk-orders",
            "pubsub",
            BulkTopicEventRequest.BULK_TYPE,
            "/bulk");
    BulkTopicEventResponse outcome = await(compute().onBulkTopicEvent(raw));
    assertThat(outcome.statuses())
        .extracting(BulkTopicEventResponse.Entry::status)
        .containsOnly(TopicEventStatus.SUCCESS);
    List<ReceivedRequest> received = fake().function().received("/bulk");
    assertThat(received).as("one batch reached the function").hasSize(1);
    List<BulkTopicEventEntry> arrived =
        WireFormat.readBulk(received.get(0).body().toByteArray(), "/bulk").entries();
    assertThat(arrived).extracting(BulkTopicEventEntry::entryId).containsExactly("j", "b");
    assertThat(arrived.get(0).event())
        .isInstanceOfSatisfying(
            BulkTopicEventEntry.RawEvent.class,
            entry ->
                assertThat(json(entry.data()))
                    .as("the JSON entry")
                    .isEqualTo(json(Payload.ofUtf8("{\"raw\":true}"))));
    assertThat(arrived.get(1).event())
        .isInstanceOfSatisfying(
            BulkTopicEventEntry.RawEvent.class,
            entry ->
                assertThat(entry.data().toByteArray())
                    .as("the binary entry")
                    .containsExactly(0, 1, 2, (byte) 255));
    assertThat(arrived.get(1).contentType()).isEqualTo("application/octet-stream");
  }

  /**
   * A platform failure on a batch retries every entry. When it fails: the platform's 404 (no
   * marker) was taken for the function's.
   */
  @Test
  @DisplayName("a platform failure retries every entry of the batch")
  default void required_bulkPlatformFailureRetriesEveryEntry() {
    fake().failNext(1, PlatformFault.notFound());
    BulkTopicEventResponse outcome = await(compute().onBulkTopicEvent(batch("SUCCESS", "DROP")));
    assertThat(outcome.statuses())
        .extracting(BulkTopicEventResponse.Entry::status)
        .containsOnly(TopicEventStatus.RETRY);
  }

  /**
   * A function that does not declare {@code bulkTopicEvents} gets a batch's entries one by one,
   * each as a CloudEvent of its own at the batch's route, and the component collects their statuses
   * in the batch's order. The component does this for every provider, so the rule is required. When
   * it fails: the features the component reports must be the function's (from its info document)
   * and the platform's, nothing added; and each single delivery must pass the topic-event rules.
   */
  @Test
  @DisplayName(
      "without bulkTopicEvents among the function's features, a batch's entries go one by one as CloudEvents, and each status is the function's")
  default void required_bulkWithoutTheFeatureDeliversEntriesOneByOne() {
    fake().function().declareBulk(false);
    Compute oneByOne = conformance().open(metadata -> {});
    assertThat(oneByOne.features())
        .as("the function does not declare bulkTopicEvents")
        .doesNotContain(Feature.BULK_TOPIC_EVENTS);
    BulkTopicEventResponse outcome =
        await(oneByOne.onBulkTopicEvent(batch("SUCCESS", "RETRY", "DROP", "404", "500")));
    assertThat(outcome.statuses())
        .extracting(BulkTopicEventResponse.Entry::entryId)
        .containsExactly("e0", "e1", "e2", "e3", "e4");
    assertThat(outcome.statuses())
        .extracting(BulkTopicEventResponse.Entry::status)
        .containsExactly(
            TopicEventStatus.SUCCESS,
            TopicEventStatus.RETRY,
            TopicEventStatus.DROP,
            TopicEventStatus.DROP,
            TopicEventStatus.RETRY);
    List<ReceivedRequest> received = fake().function().received("/bulk");
    assertThat(received)
        .as("one CloudEvent per entry, no batch")
        .hasSize(5)
        .allSatisfy(
            request ->
                assertThat(request.headers().first("content-type").orElse(""))
                    .startsWith(Protocol.CLOUDEVENTS_JSON));
    assertThat(received)
        .extracting(
            request -> {
              TopicEventRequest seen =
                  WireFormat.readCloudEvent(
                      request.body().unsafeArray(), "/bulk", Metadata.empty());
              return seen.id() + " " + seen.topic() + " " + seen.data().toUtf8();
            })
        .containsExactlyInAnyOrder(
            "id-0 bulk-orders SUCCESS",
            "id-1 bulk-orders RETRY",
            "id-2 bulk-orders DROP",
            "id-3 bulk-orders 404",
            "id-4 bulk-orders 500");
  }

  /**
   * When entries go one by one, a platform failure retries each of them. When it fails: as for
   * {@code required_topicPlatform404IsRetry}: the platform's 404 was taken for the function's.
   */
  @Test
  @DisplayName("without bulkTopicEvents, a platform failure retries every entry")
  default void required_bulkWithoutTheFeaturePlatformFailureRetriesEveryEntry() {
    fake().function().declareBulk(false);
    Compute oneByOne = conformance().open(metadata -> {});
    fake().failAlways(PlatformFault.notFound());
    BulkTopicEventResponse outcome = await(oneByOne.onBulkTopicEvent(batch("SUCCESS", "DROP")));
    assertThat(outcome.statuses())
        .extracting(BulkTopicEventResponse.Entry::status)
        .containsExactly(TopicEventStatus.RETRY, TopicEventStatus.RETRY);
    assertThat(fake().function().received("/bulk"))
        .as("the function received none of them")
        .isEmpty();
  }
}
