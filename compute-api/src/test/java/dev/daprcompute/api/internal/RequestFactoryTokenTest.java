package dev.daprcompute.api.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daprcompute.api.ComputeRequestException;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.TopicEventRequest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName(
    "a token that cannot be made fails the request before it is sent, naming what to check")
class RequestFactoryTokenTest {
  private final RequestFactory requests =
      new RequestFactory(
          "orders",
          1 << 20,
          Protocol.AUTHORIZATION,
          () -> {
            throw new IllegalStateException("the EdDSA key k1 could not sign");
          },
          null);

  @Test
  @DisplayName(
      "the error is a ComputeRequestException naming the call, the component and its key field")
  void namesTheKeyField() {
    TopicEventRequest event =
        TopicEventRequest.of("1", "pubsub", "orders", Payload.ofUtf8("{}"), "application/json");

    assertThatThrownBy(() -> requests.topicEvent(event))
        .isInstanceOf(ComputeRequestException.class)
        .hasMessage(
            "no token for POST /orders of component 'orders': the EdDSA key k1 could not sign:"
                + " check the component's key field (a PEM or JWK private key of a supported"
                + " algorithm)");
  }
}
