package dev.daprcompute.testkit.conformance;

import static dev.daprcompute.testkit.conformance.Checks.await;
import static dev.daprcompute.testkit.conformance.Checks.event;
import static dev.daprcompute.testkit.conformance.Checks.present;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daprcompute.function.token.VerifiedToken;
import dev.daprcompute.protocol.BindingEventRequest;
import dev.daprcompute.protocol.HttpVerb;
import dev.daprcompute.protocol.InvokeRequest;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.testkit.ReceivedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The component's token (protocol.md section 2): on every request, verified by the function, with
 * the protocol's claims, in the header the platform leaves free, and reused rather than signed for
 * each request.
 */
public interface AuthRules extends ConformanceRules {
  private List<ReceivedRequest> exercise() {
    await(compute().onInvoke(InvokeRequest.of("echo", HttpVerb.GET)));
    await(compute().onTopicEvent(event("SUCCESS")));
    await(
        compute()
            .onBindingEvent(
                new BindingEventRequest("orders-queue", Payload.ofUtf8("x"), Map.of())));
    await(compute().listTopicSubscriptions());
    await(compute().listInputBindings());
    return fake().function().received();
  }

  /**
   * Every request (invoke, topic event, binding event, subscriptions, info) carries a token the
   * function verifies. When it fails: the transport dropped or replaced the token header; the
   * function's rejection is in the message.
   */
  @Test
  @DisplayName("every request carries a token the function verifies")
  default void required_everyRequestCarriesAVerifiedToken() {
    List<ReceivedRequest> received = exercise();
    assertThat(received).hasSizeGreaterThanOrEqualTo(5);
    assertThat(received)
        .allSatisfy(
            request ->
                assertThat(request.token())
                    .as("%s %s: %s", request.method(), request.path(), request.rejection())
                    .isNotNull());
  }

  /**
   * The token is signed with an asymmetric algorithm and names its key by its RFC 7638 thumbprint.
   * When it fails: the provider must leave signing to the component (the common field {@code key}).
   */
  @Test
  @DisplayName(
      "the token is signed with an asymmetric algorithm and names its key by RFC 7638 thumbprint")
  default void required_tokenAlgorithmAndKid() {
    VerifiedToken token =
        present(exercise().get(0).token(), "the verified token (the function rejected it)");
    assertThat(token.algorithm()).isIn("EdDSA", "ES256", "RS256", "PS256");
    assertThat(token.keyId()).isEqualTo(fake().function().componentKey().keyId());
  }

  /**
   * The token's claims: {@code iss} {@code dapr.io/compute}, the audience, {@code sub} the app ID,
   * a lifetime of at most 1 h. When it fails: the audience is the component's {@code audience},
   * else the function's name on its platform ({@code PlatformTransport.functionName()}).
   */
  @Test
  @DisplayName(
      "the token's claims: iss dapr.io/compute, the audience, sub = the app ID, a lifetime of at most 1 h")
  default void required_tokenClaims() {
    Instant now = Instant.now();
    VerifiedToken token =
        present(exercise().get(0).token(), "the verified token (the function rejected it)");
    assertThat(token.issuer()).isEqualTo(Protocol.ISSUER);
    assertThat(token.audience()).contains(fake().function().audience());
    assertThat(token.subject()).isEqualTo(conformance().appId());
    assertThat(Duration.between(token.issuedAt(), token.expiresAt()))
        .isLessThanOrEqualTo(Duration.ofHours(1))
        .isPositive();
    assertThat(token.issuedAt()).isBefore(now.plusSeconds(61));
    assertThat(token.notBefore()).isBefore(now.plusSeconds(61));
    assertThat(token.jwtId()).isNotBlank();
  }

  /**
   * The token travels in {@code Authorization}, or in {@code Dapr-Authorization} on a platform that
   * uses {@code Authorization} itself (the fake's {@code expectedTokenHeader()}). When it fails:
   * the transport's {@code occupiesAuthorizationHeader()}.
   */
  @Test
  @DisplayName("the token travels in the header the platform leaves free")
  default void required_tokenTravelsInTheExpectedHeader() {
    List<ReceivedRequest> received = exercise();
    assertThat(received)
        .allSatisfy(
            request ->
                assertThat(request.headers().first(fake().expectedTokenHeader()).orElse(""))
                    .startsWith("Bearer "));
  }

  /**
   * A token is reused across quick requests, not signed for each. When it fails: the transport must
   * not sign tokens itself; the component caches them.
   */
  @Test
  @DisplayName("a token is reused across requests, not signed per request")
  default void required_tokenIsReused() {
    List<ReceivedRequest> received = exercise();
    Set<String> ids = new HashSet<>();
    received.forEach(
        request -> ids.add(present(request.token(), "a verified token on every request").jwtId()));
    assertThat(received).hasSizeGreaterThan(2);
    // One token, or two when one was renewed at half its lifetime during the run.
    assertThat(ids)
        .as("distinct token ids over %d quick requests", received.size())
        .hasSizeBetween(1, 2);
  }

  /**
   * Every request carries {@code Dapr-Compute-Protocol}. When it fails: the transport or its
   * envelope dropped the header.
   */
  @Test
  @DisplayName("every request carries the protocol version header")
  default void required_requestsCarryTheProtocolHeader() {
    assertThat(exercise())
        .allSatisfy(
            request ->
                assertThat(request.headers().first(Protocol.MARKER_HEADER))
                    .contains(String.valueOf(Protocol.VERSION)));
  }
}
