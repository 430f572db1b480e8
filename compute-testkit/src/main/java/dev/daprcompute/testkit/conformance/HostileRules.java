package dev.daprcompute.testkit.conformance;

import static dev.daprcompute.testkit.conformance.Checks.await;
import static dev.daprcompute.testkit.conformance.Checks.event;
import static dev.daprcompute.testkit.conformance.Checks.failureOf;
import static dev.daprcompute.testkit.conformance.Checks.statusOf;
import static dev.daprcompute.testkit.conformance.Checks.unavailable;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daprcompute.api.CallOptions;
import dev.daprcompute.api.Compute;
import dev.daprcompute.api.ComputeException;
import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.protocol.HttpVerb;
import dev.daprcompute.protocol.InvokeRequest;
import dev.daprcompute.protocol.InvokeResponse;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.TopicEventResponse;
import dev.daprcompute.protocol.TopicEventStatus;
import dev.daprcompute.testkit.CountingServer;
import dev.daprcompute.testkit.PlatformFault;
import dev.daprcompute.testkit.ReceivedRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Hostile platforms and front ends (protocol.md sections 4 and 5): redirects, answers late or cut
 * short, answers without the marker, and the deadline a call keeps while it waits. Nothing is lost,
 * and nothing goes where it should not.
 */
public interface HostileRules extends ConformanceRules {
  /**
   * A redirect (301, 302, 303, 307, 308) is never followed: a topic event is RETRY, an invocation
   * fails naming the redirect, nothing is sent again, and the target receives nothing. When it
   * fails: the transport's HTTP client must not follow redirects (derive it from the context's with
   * redirects off, or use {@code PlatformCalls}).
   */
  @Test
  @DisplayName(
      "a redirect is never followed: a topic event is RETRY and its body reaches no other host")
  default void required_redirectsAreNeverFollowed() throws Exception {
    try (CountingServer elsewhere = CountingServer.start()) {
      for (int status : List.of(301, 302, 303, 307, 308)) {
        fake().reset();
        fake().failNext(1, PlatformFault.redirect(status, elsewhere.url() + "/orders"));
        TopicEventResponse outcome = await(compute().onTopicEvent(event("SUCCESS")));
        assertThat(outcome.status())
            .as("a topic event answered %s", status)
            .isEqualTo(TopicEventStatus.RETRY);
        fake().failNext(1, PlatformFault.redirect(status, elsewhere.url() + "/echo"));
        Throwable failure =
            failureOf(
                compute()
                    .onInvoke(
                        new InvokeRequest(
                            "echo",
                            Payload.ofUtf8("secret order"),
                            "text/plain",
                            HttpVerb.POST,
                            "",
                            Metadata.empty())));
        assertThat(failure)
            .as("an invocation answered %s", status)
            .isInstanceOf(ComputeUnavailableException.class);
        assertThat(failure.getMessage())
            .as("the message names the redirect")
            .contains(String.valueOf(status));
        assertThat(fake().function().received())
            .as("after %s the function got nothing", status)
            .isEmpty();
        assertThat(fake().recordedCalls()).as("after %s nothing was sent again", status).hasSize(2);
      }
      assertThat(elsewhere.requests()).as("the redirect's target received nothing").isZero();
    }
  }

  /**
   * An answer that comes late (1.2 s) but inside the component's {@code timeout} is the function's
   * answer, whatever the HTTP client's own timeouts (300 ms here). When it fails: the transport's
   * HTTP client kept its own read timeout.
   */
  @Test
  @DisplayName(
      "a slow answer inside the component's timeout is the function's answer, whatever the HTTP client's own timeouts")
  default void required_slowAnswersInsideTheTimeoutAreAnswers() {
    // The context's client times out reads after 300 ms; the component's timeout is what counts.
    Compute patient = conformance().open(metadata -> metadata.put("timeout", "10s"));
    fake().failNext(1, PlatformFault.slowAnswer(Duration.ofMillis(1200)));
    assertThat(statusOf(patient.onTopicEvent(event("DROP")))).isEqualTo(TopicEventStatus.DROP);
    fake().failNext(1, PlatformFault.slowAnswer(Duration.ofMillis(1200)));
    assertThat(await(patient.onInvoke(InvokeRequest.of("status/201", HttpVerb.GET))).status())
        .isEqualTo(201);
  }

  /**
   * A 503 with {@code Retry-After: 0} is RETRY (an error with that {@code Retry-After} for an
   * invocation), and the POST is not sent again. When it fails: the HTTP client retried by itself,
   * or the header was lost.
   */
  @Test
  @DisplayName(
      "a 503 with Retry-After: 0 is RETRY, and the request is not sent again by the HTTP client")
  default void required_unavailableWithRetryAfterZeroIsNotResent() {
    fake().failNext(1, PlatformFault.unavailable(Duration.ZERO));
    TopicEventResponse outcome = await(compute().onTopicEvent(event("SUCCESS")));
    assertThat(outcome.status()).isEqualTo(TopicEventStatus.RETRY);
    assertThat(fake().recordedCalls()).as("the platform saw the POST once").hasSize(1);
    assertThat(fake().function().received()).as("the handler never ran").isEmpty();

    fake().reset();
    fake().failNext(1, PlatformFault.unavailable(Duration.ZERO));
    Throwable failure =
        failureOf(
            compute()
                .onInvoke(
                    new InvokeRequest(
                        "echo",
                        Payload.ofUtf8("x"),
                        "text/plain",
                        HttpVerb.POST,
                        "",
                        Metadata.empty())));
    assertThat(failure).isInstanceOf(ComputeUnavailableException.class);
    assertThat(((ComputeUnavailableException) failure).retryAfter()).contains(Duration.ZERO);
    assertThat(fake().recordedCalls()).as("the platform saw the POST once").hasSize(1);
  }

  /**
   * A topic answer is its first JSON value, read as daprd reads it; RETRY and DROP are never read
   * as SUCCESS. When it fails: the function's answer body must come back byte for byte.
   */
  @Test
  @DisplayName(
      "a topic answer is its first JSON value, read as daprd reads it; RETRY and DROP are never read as SUCCESS")
  default void required_topicAnswersAreReadAsDaprdReadsThem() {
    assertThat(statusOf(compute().onTopicEvent(event("raw:{\"status\":\"RETRY\"} x"))))
        .isEqualTo(TopicEventStatus.RETRY);
    assertThat(
            statusOf(
                compute().onTopicEvent(event("raw:{\"status\":\"DROP\"}{\"status\":\"SUCCESS\"}"))))
        .isEqualTo(TopicEventStatus.DROP);
    assertThat(statusOf(compute().onTopicEvent(event("raw: {\"Status\":\"DROP\"}"))))
        .as("Go matches field names in any case")
        .isEqualTo(TopicEventStatus.DROP);
    assertThat(statusOf(compute().onTopicEvent(event("raw:{\"status\":\"drop\"}"))))
        .as("daprd compares values exactly")
        .isEqualTo(TopicEventStatus.RETRY);
    assertThat(statusOf(compute().onTopicEvent(event("raw:{\"status\":\"RETRY\","))))
        .as("cut short")
        .isEqualTo(TopicEventStatus.RETRY);
    assertThat(statusOf(compute().onTopicEvent(event("raw:{\"status\":[\"DROP\"]}"))))
        .as("not a string")
        .isEqualTo(TopicEventStatus.RETRY);
    assertThat(
            statusOf(
                compute()
                    .onTopicEvent(event("raw:{\"status\":\"SUCCESS\"} {\"status\":\"DROP\"}"))))
        .isEqualTo(TopicEventStatus.SUCCESS);
    assertThat(statusOf(compute().onTopicEvent(event("raw:"))))
        .as("an empty 2xx body")
        .isEqualTo(TopicEventStatus.SUCCESS);
  }

  /**
   * An answer without the function's marker is never the function's: RETRY for an event, an error
   * for a call, whatever it looks like (a 200 with a status, a 204, a broken or empty answer, a
   * failure after the function ran). When it fails: the transport must not forge or copy a marker.
   */
  @Test
  @DisplayName(
      "an answer without the function's marker is never the function's: RETRY for events, an error for calls")
  default void required_unmarkedAnswersAreThePlatforms() {
    for (PlatformFault fault :
        List.of(
            PlatformFault.unmarkedAnswer(200, "application/json", "{\"status\":\"SUCCESS\"}"),
            PlatformFault.unmarkedAnswer(200, "application/json", "{\"status\":\"DROP\"}"),
            PlatformFault.unmarkedAnswer(404, "application/json", "{\"status\":\"DROP\"}"),
            PlatformFault.unmarkedAnswer(204, "", ""),
            PlatformFault.brokenResponse(),
            PlatformFault.emptyResponse(),
            PlatformFault.afterTheFunction(PlatformFault.serverError()))) {
      fake().reset();
      fake().failNext(1, fault);
      assertThat(statusOf(compute().onTopicEvent(event("DROP"))))
          .as("after %s", fault)
          .isEqualTo(TopicEventStatus.RETRY);
      fake().reset();
      fake().failAlways(fault);
      Throwable failure =
          failureOf(compute().onInvoke(InvokeRequest.of("status/200", HttpVerb.GET)));
      assertThat(failure).as("after %s", fault).isInstanceOf(ComputeException.class);
      // The platform's 404 says the function is not deployed: an operator must act (as init says).
      boolean notDeployed =
          failure instanceof ComputeUnavailableException unavailable
              && unavailable.reason() == ComputeUnavailableException.Reason.NOT_DEPLOYED;
      assertThat(((ComputeException) failure).isRetryable())
          .as("after %s", fault)
          .isEqualTo(!notDeployed);
    }
  }

  /**
   * The call's deadline counts the time it waits for a free slot ({@code maxConcurrency}), and a
   * call that times out waiting never starts. When it fails: the common fields {@code
   * maxConcurrency} and {@code timeout} are the component's; a provider does not declare or consume
   * them.
   */
  @Test
  @DisplayName("the deadline counts the time a call waits for a free slot (maxConcurrency)")
  default void required_deadlineIncludesWaitingForASlot() {
    Compute single =
        conformance().open(metadata -> metadata.put("maxConcurrency", "1").put("timeout", "10s"));
    CompletableFuture<InvokeResponse> busy =
        single.onInvoke(InvokeRequest.of("sleep/1500", HttpVerb.GET));
    ComputeUnavailableException e =
        unavailable(
            single.onInvoke(
                InvokeRequest.of("status/200", HttpVerb.GET),
                CallOptions.timeout(Duration.ofMillis(300))));
    assertThat(e.reason()).isEqualTo(ComputeUnavailableException.Reason.TIMEOUT);
    assertThat(await(busy).status()).isEqualTo(200);
    assertThat(fake().function().received())
        .as("the waiting call never started")
        .extracting(ReceivedRequest::path)
        .filteredOn(path -> !path.equals(Protocol.INFO_PATH))
        .containsExactly("/sleep/1500");
  }

  /**
   * A call that waited for a slot carries a token made when it started, never one made when it was
   * asked for. With a {@code tokenLifetime} of 2 s and a function that allows 1 s of clock skew, a
   * token from before a 3.5 s wait has expired (a token is reused for half its lifetime, so a fresh
   * one has a second to spare). When it fails: the transport must take credentials when the call
   * starts ({@code toHttpRequest} or a {@code RequestDecorator}), and keep no token of its own.
   */
  @Test
  @DisplayName(
      "a call that waited for a slot carries a token made when it started, never a stale one")
  default void required_waitingCallsCarryFreshTokens() {
    fake().function().allowClockSkew(Duration.ofSeconds(1));
    Compute single =
        conformance()
            .open(
                metadata ->
                    metadata
                        .put("maxConcurrency", "1")
                        .put("timeout", "10s")
                        .put("tokenLifetime", "2s"));
    CompletableFuture<InvokeResponse> busy =
        single.onInvoke(InvokeRequest.of("sleep/3500", HttpVerb.GET));
    CompletableFuture<InvokeResponse> waiting =
        single.onInvoke(InvokeRequest.of("status/200", HttpVerb.GET));
    assertThat(await(busy).status()).isEqualTo(200);
    ReceivedRequest second =
        fake()
            .function()
            .awaitReceived("/status/200", Checks.WAIT)
            .orElseThrow(
                () ->
                    new AssertionError(
                        "the waiting call did not reach the function within " + Checks.WAIT));
    assertThat(second.token())
        .as("the waiting call's token was rejected: %s", second.rejection())
        .isNotNull();
    assertThat(await(waiting).status())
        .as("the function accepted the waiting call's token")
        .isEqualTo(200);
  }
}
