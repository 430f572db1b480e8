package dev.daprcompute.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daprcompute.protocol.BindingEventConcurrency;
import dev.daprcompute.protocol.BindingEventResponse;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.fuzz.Fuzz;
import dev.daprcompute.protocol.fuzz.Strings;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The header rules both sides share: the token challenge, binding replies, hop-by-hop headers, the
 * marker.
 */
class HeaderRulesTest {

  @Test
  @DisplayName("a token challenge reads back as the description it was written with")
  void tokenChallengeRoundTrip() {
    String description = "token expired at 2026-11-29T10:00:00Z (\"exp\" \\ 60 s ago)";
    String header = TokenChallenge.write(description);

    assertThat(header).startsWith("Bearer error=\"invalid_token\", error_description=\"");
    assertThat(TokenChallenge.read(401, Metadata.of(Protocol.WWW_AUTHENTICATE, header)))
        .contains(description);
  }

  @Test
  @DisplayName(
      "any description is written as one printable header line that reads back, controls as '?'")
  void anyDescription() {
    Fuzz.forAll(
        2_000,
        Strings.any(40),
        description -> {
          String header = TokenChallenge.write(description);
          assertThat(header.chars().allMatch(c -> c >= 0x20 && c < 0x7f))
              .as("printable ASCII: %s", header)
              .isTrue();
          StringBuilder expected = new StringBuilder();
          description.chars().forEach(c -> expected.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
          assertThat(TokenChallenge.read(401, Metadata.of("www-authenticate", header)))
              .contains(expected.toString());
        });
  }

  @Test
  @DisplayName(
      "only a 401 with a Bearer invalid_token challenge is a token rejection; one without a description reads empty")
  void whatIsATokenRejection() {
    String header = TokenChallenge.write("bad audience");
    assertThat(TokenChallenge.read(403, Metadata.of(Protocol.WWW_AUTHENTICATE, header))).isEmpty();
    assertThat(TokenChallenge.read(401, Metadata.empty())).isEmpty();
    assertThat(
            TokenChallenge.read(401, Metadata.of(Protocol.WWW_AUTHENTICATE, "Basic realm=\"x\"")))
        .isEmpty();
    assertThat(
            TokenChallenge.read(
                401, Metadata.of(Protocol.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")))
        .contains("");
    assertThat(
            TokenChallenge.read(
                401,
                Metadata.builder()
                    .add(Protocol.WWW_AUTHENTICATE, "Basic realm=\"x\"")
                    .add(Protocol.WWW_AUTHENTICATE, header)
                    .build()))
        .contains("bad audience");
  }

  @Test
  @DisplayName("a binding reply's output bindings and concurrency survive the headers")
  void bindingReplies() {
    BindingEventResponse reply =
        new BindingEventResponse(
            Payload.ofUtf8("{}"), List.of("queue", "store"), BindingEventConcurrency.PARALLEL);

    Metadata headers = BindingReplies.headers(reply);

    assertThat(headers.first(Protocol.BINDING_TO_HEADER)).contains("queue,store");
    assertThat(BindingReplies.read(headers, reply.data())).isEqualTo(reply);
    assertThat(BindingReplies.headers(BindingEventResponse.of(Payload.empty())).asMap()).isEmpty();
    Metadata loose =
        Metadata.builder()
            .add(Protocol.BINDING_TO_HEADER, " a, ,b")
            .add(Protocol.BINDING_TO_HEADER, "c")
            .add(Protocol.BINDING_CONCURRENCY_HEADER, "Parallel")
            .build();
    assertThat(BindingReplies.read(loose, Payload.empty()))
        .isEqualTo(
            new BindingEventResponse(
                Payload.empty(), List.of("a", "b", "c"), BindingEventConcurrency.PARALLEL));
    assertThat(
            BindingReplies.read(
                    Metadata.of(Protocol.BINDING_CONCURRENCY_HEADER, "sideways"), Payload.empty())
                .concurrency())
        .isEqualTo(BindingEventConcurrency.SEQUENTIAL);
  }

  @Test
  @DisplayName("hop-by-hop headers are the fixed set and whatever Connection names")
  void hopByHop() {
    assertThat(HopByHop.of(Metadata.empty()))
        .isEqualTo(HopByHop.HEADERS)
        .contains(
            "connection",
            "keep-alive",
            "transfer-encoding",
            "upgrade",
            "te",
            "trailer",
            "proxy-authorization");
    assertThat(HopByHop.of(Metadata.of("connection", "close, X-Hop ,, keep-alive")))
        .contains("x-hop", "close")
        .doesNotContain("");
  }

  @Test
  @DisplayName("the marker is set to the protocol version and found whatever its value")
  void marker() {
    Metadata marked = Marker.set(Metadata.builder()).build();
    assertThat(marked.first(Protocol.MARKER_HEADER)).contains(Integer.toString(Protocol.VERSION));
    assertThat(Marker.isPresent(marked)).isTrue();
    assertThat(Marker.isPresent(Metadata.of("Dapr-Compute-Protocol", "2"))).isTrue();
    assertThat(Marker.isPresent(Metadata.of("content-type", "text/plain"))).isFalse();
  }
}
