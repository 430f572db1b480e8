package dev.daprcompute.testkit.conformance;

import static dev.daprcompute.testkit.conformance.Checks.await;
import static dev.daprcompute.testkit.conformance.Checks.event;
import static dev.daprcompute.testkit.conformance.Checks.failureOf;
import static dev.daprcompute.testkit.conformance.Checks.statusOf;
import static dev.daprcompute.testkit.conformance.Checks.unavailable;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daprcompute.api.ComputeException;
import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.protocol.BindingEventRequest;
import dev.daprcompute.protocol.HttpVerb;
import dev.daprcompute.protocol.InvokeRequest;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.TopicEventResponse;
import dev.daprcompute.protocol.TopicEventStatus;
import dev.daprcompute.testkit.PlatformFault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Platform faults (protocol.md section 4): what the platform says is never taken for the function's
 * answer. Invocations fail with the platform's reason, topic events are RETRY, binding events fail;
 * the faults come from the fake, in the platform's own words.
 */
public interface PlatformFaultRules extends ConformanceRules {
  /**
   * A platform 404 on an invocation is {@code NOT_DEPLOYED} (a 502 for callers, not retryable: an
   * operator must deploy), never the function's 404. When it fails: the platform's 404 carries no
   * marker; the transport must not add one, and its {@code PlatformError} must not say otherwise.
   */
  @Test
  @DisplayName("a platform 404 is 'not deployed' (a 502 for callers), never the function's 404")
  default void required_invokePlatform404IsNotDeployed() {
    fake().failNext(1, PlatformFault.notFound());
    ComputeUnavailableException e =
        unavailable(compute().onInvoke(InvokeRequest.of("status/200", HttpVerb.GET)));
    assertThat(e.reason()).isEqualTo(ComputeUnavailableException.Reason.NOT_DEPLOYED);
    assertThat(e.gatewayStatus()).isEqualTo(502);
    assertThat(e.isRetryable()).as("an operator must deploy it, as init says").isFalse();
  }

  /**
   * A platform 401 or 403 is {@code PLATFORM_CREDENTIALS}. When it fails: the transport's reading
   * of the platform's errors ({@code PlatformError} reason), or a token challenge read into a
   * platform answer.
   */
  @Test
  @DisplayName("a platform 401 or 403 names the platform credential")
  default void required_invokePlatformAuthNamesTheCredential() {
    fake().failNext(1, PlatformFault.unauthorized());
    assertThat(
            unavailable(compute().onInvoke(InvokeRequest.of("status/200", HttpVerb.GET))).reason())
        .isEqualTo(ComputeUnavailableException.Reason.PLATFORM_CREDENTIALS);
    fake().failNext(1, PlatformFault.forbidden());
    assertThat(
            unavailable(compute().onInvoke(InvokeRequest.of("status/200", HttpVerb.GET))).reason())
        .isEqualTo(ComputeUnavailableException.Reason.PLATFORM_CREDENTIALS);
  }

  /**
   * Throttling is {@code THROTTLED}, retryable after the platform's {@code Retry-After}. When it
   * fails: the transport must keep the platform's {@code Retry-After} header (or give it from its
   * own error body).
   */
  @Test
  @DisplayName("throttling is retryable after the platform's Retry-After")
  default void required_invokeThrottlingHonoursRetryAfter() {
    fake().failNext(1, PlatformFault.throttled(Duration.ofSeconds(7)));
    ComputeUnavailableException e =
        unavailable(compute().onInvoke(InvokeRequest.of("status/200", HttpVerb.GET)));
    assertThat(e.reason()).isEqualTo(ComputeUnavailableException.Reason.THROTTLED);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
  }

  /**
   * Cold starts, platform errors, gateway timeouts, connection resets and garbage are retryable
   * errors. When it fails: the transport turned one of them into an answer of the function's.
   */
  @Test
  @DisplayName(
      "cold starts, platform errors, gateway timeouts, resets and platform garbage are retryable errors")
  default void required_invokePlatformFailuresAreRetryable() {
    for (PlatformFault fault :
        List.of(
            PlatformFault.coldStart(Duration.ofMillis(20)),
            PlatformFault.serverError(),
            PlatformFault.gatewayTimeout(),
            PlatformFault.connectionReset(),
            PlatformFault.malformedBody())) {
      fake()
          .failAlways(
              fault); // always: an HTTP client may retry an idempotent request once by itself
      Throwable failure =
          failureOf(compute().onInvoke(InvokeRequest.of("status/200", HttpVerb.GET)));
      fake().reset();
      assertThat(failure).as("after %s", fault).isInstanceOf(ComputeException.class);
      assertThat(((ComputeException) failure).isRetryable()).as("after %s", fault).isTrue();
    }
  }

  /**
   * A platform 404 on a topic event is RETRY, never DROP. When it fails: the platform's 404 was
   * taken for the function's (it has no marker).
   */
  @Test
  @DisplayName("a platform 404 on a topic event is RETRY, never DROP")
  default void required_topicPlatform404IsRetry() {
    fake().failNext(1, PlatformFault.notFound());
    assertThat(statusOf(compute().onTopicEvent(event("DROP")))).isEqualTo(TopicEventStatus.RETRY);
  }

  /**
   * A platform 500 on a topic event is RETRY, never SUCCESS. When it fails: the transport made an
   * answer of the function's out of the platform's error.
   */
  @Test
  @DisplayName("a platform 500 on a topic event is RETRY, never SUCCESS")
  default void required_topicPlatform500IsRetry() {
    fake().failNext(1, PlatformFault.serverError());
    assertThat(statusOf(compute().onTopicEvent(event("SUCCESS"))))
        .isEqualTo(TopicEventStatus.RETRY);
  }

  /**
   * A throttled topic event is RETRY and carries the platform's {@code Retry-After}. When it fails:
   * the transport lost the header.
   */
  @Test
  @DisplayName("a throttled topic event is RETRY and carries Retry-After")
  default void required_topicThrottlingCarriesRetryAfter() {
    fake().failNext(1, PlatformFault.throttled(Duration.ofSeconds(9)));
    TopicEventResponse outcome = await(compute().onTopicEvent(event("SUCCESS")));
    assertThat(outcome.status()).isEqualTo(TopicEventStatus.RETRY);
    assertThat(outcome.retryAfterDuration()).contains(Duration.ofSeconds(9));
  }

  /**
   * Every other platform or network failure on a topic event is RETRY. When it fails: the transport
   * made an answer of the function's out of one of them.
   */
  @Test
  @DisplayName("every other platform or network failure on a topic event is RETRY")
  default void required_topicPlatformFailuresAreRetry() {
    for (PlatformFault fault :
        List.of(
            PlatformFault.unauthorized(),
            PlatformFault.forbidden(),
            PlatformFault.coldStart(Duration.ofMillis(20)),
            PlatformFault.gatewayTimeout(),
            PlatformFault.connectionReset(),
            PlatformFault.malformedBody())) {
      fake().failAlways(fault);
      assertThat(statusOf(compute().onTopicEvent(event("DROP"))))
          .as("after %s", fault)
          .isEqualTo(TopicEventStatus.RETRY);
      fake().reset();
    }
  }

  /**
   * A platform failure on a binding event is a platform failure ({@code
   * ComputeUnavailableException}), never the function's answer. When it fails: the platform's 404
   * was taken for the function's.
   */
  @Test
  @DisplayName("a platform failure on a binding event is a retryable error")
  default void required_bindingPlatformFailureIsRetryable() {
    fake().failNext(1, PlatformFault.notFound());
    unavailable(
        compute()
            .onBindingEvent(
                new BindingEventRequest("orders-queue", Payload.ofUtf8("x"), Map.of())));
  }
}
