package dev.daprcompute.cloudflare.workers;

import static dev.daprcompute.cloudflare.workers.Components.await;
import static dev.daprcompute.cloudflare.workers.Components.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daprcompute.api.Compute;
import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.api.ComputeUnavailableException.Reason;
import dev.daprcompute.protocol.HttpVerb;
import dev.daprcompute.protocol.InvokeRequest;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.TopicEventRequest;
import dev.daprcompute.protocol.TopicEventResponse;
import dev.daprcompute.protocol.TopicEventStatus;
import dev.daprcompute.testkit.CloudflareWorkersFake;
import dev.daprcompute.testkit.PlatformFault;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cloudflare's own answers on the worker's host are platform failures, never the function's answer:
 * the error pages 1101 (the worker threw), 1102 (resource limits), 1015 and 1027 (rate and daily
 * limits), 524 (a timeout), in their HTML and their plain-text forms, and the jump worker's
 * unmarked 502 when the user's worker cannot answer. An invocation fails with the reason; a topic
 * event is retried, whatever the page says.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("compute.cloudflare.workers: Cloudflare's answers on the worker's host")
class WorkerHostErrorsTest {
  private CloudflareWorkersFake fake;
  private final Components components = new Components();
  private Compute compute;

  @BeforeAll
  void start() {
    fake = CloudflareWorkersFake.start("orders-fn");
    compute = components.open(fake.component("orders").build());
  }

  @AfterAll
  void stop() {
    components.close();
    fake.close();
  }

  @BeforeEach
  void reset() {
    fake.reset();
  }

  static Stream<Arguments> pages() {
    return Stream.of(
        Arguments.of(
            "1101 page (the worker threw)",
            PlatformFault.serverError(),
            Reason.FUNCTION_CRASHED,
            "1101",
            502),
        Arguments.of(
            "1102 page (resource limits)",
            PlatformFault.coldStart(Duration.ofMillis(10)),
            Reason.PLATFORM_ERROR,
            "1102",
            503),
        Arguments.of(
            "1015 page (rate limited)",
            PlatformFault.throttled(Duration.ofSeconds(7)),
            Reason.THROTTLED,
            "1015",
            429),
        Arguments.of("524 (a timeout)", PlatformFault.gatewayTimeout(), Reason.TIMEOUT, "524", 504),
        Arguments.of(
            "plain-text 'error code: 1101'",
            PlatformFault.unmarkedAnswer(500, "text/plain", "error code: 1101"),
            Reason.FUNCTION_CRASHED,
            "1101",
            502),
        Arguments.of(
            "1027 page (daily limit)",
            PlatformFault.unmarkedAnswer(
                429,
                "text/html",
                "<html><head><title>Error 1027 | This website has been temporarily rate limited</title></head></html>"),
            Reason.THROTTLED,
            "1027",
            429),
        Arguments.of(
            "the jump worker's unmarked 502",
            PlatformFault.unmarkedAnswer(
                502,
                "application/json",
                "{\"error\":\"" + ErrorPages.TARGET_UNREACHABLE + " (Error)\"}"),
            Reason.FUNCTION_CRASHED,
            "TARGET",
            502),
        Arguments.of(
            "another unmarked 502",
            PlatformFault.unmarkedAnswer(502, "text/html", "<h1>502 Bad Gateway</h1>"),
            Reason.PLATFORM_ERROR,
            "502",
            502));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pages")
  @DisplayName("an invocation fails with the page's reason and code")
  void invocation(
      String what, PlatformFault fault, Reason reason, String named, int gatewayStatus) {
    fake.failNext(1, fault);

    Throwable failure = failureOf(compute.onInvoke(InvokeRequest.of("status/200", HttpVerb.GET)));

    assertThat(failure).isInstanceOf(ComputeUnavailableException.class);
    ComputeUnavailableException e = (ComputeUnavailableException) failure;
    assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
    assertThat(e.getMessage()).contains(named);
    assertThat(e.gatewayStatus()).isEqualTo(gatewayStatus);
    if (reason == Reason.THROTTLED && named.equals("1015")) {
      assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pages")
  @DisplayName("a topic event the handler would drop is retried")
  void topicEvent(
      String what, PlatformFault fault, Reason reason, String named, int gatewayStatus) {
    fake.failNext(1, fault);

    TopicEventResponse response =
        await(
            compute.onTopicEvent(
                TopicEventRequest.of(
                    "e-1", "pubsub", "orders", Payload.ofUtf8("DROP"), "text/plain")));

    assertThat(response.status()).isEqualTo(TopicEventStatus.RETRY);
    assertThat(response.reason()).contains(named);
  }

  @Test
  @DisplayName("a page-like body with the function's marker is the function's answer")
  void markedAnswersAreTheFunctions() {
    assertThat(await(compute.onInvoke(InvokeRequest.of("status/500", HttpVerb.GET))).status())
        .isEqualTo(500);
  }
}
