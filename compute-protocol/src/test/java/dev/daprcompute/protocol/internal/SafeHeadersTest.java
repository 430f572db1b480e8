package dev.daprcompute.protocol.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daprcompute.protocol.Metadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafeHeadersTest {

  private static Metadata copy(Metadata metadata, boolean tokenInAuthorization) {
    Metadata.Builder out = Metadata.builder();
    SafeHeaders.copyMetadata(metadata, tokenInAuthorization, out);
    return out.build();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Connection",
        "Keep-Alive",
        "Proxy-Connection",
        "Transfer-Encoding",
        "Upgrade",
        "HTTP2-Settings",
        "TE",
        "Trailer",
        "Proxy-Authorization",
        "Proxy-Authenticate",
        "Host",
        "Content-Length",
        "Content-Type",
        "Expect",
        "dapr-api-token",
        "Dapr-Authorization",
        "Dapr-Compute-Protocol",
        "grpc-timeout",
        "grpc-encoding",
        ":authority"
      })
  void hop_by_hop_framing_token_and_grpc_headers_are_never_forwarded(String name) {
    Metadata in = Metadata.builder().add(name, "v").add("x-kept", "1").build();

    assertThat(copy(in, true).names()).containsExactly("x-kept");
    assertThat(copy(in, false).names()).containsExactly("x-kept");
  }

  @Test
  void headers_named_in_connection_are_hop_by_hop_too() {
    Metadata in =
        Metadata.builder()
            .add("Connection", "close, X-Hop")
            .add("x-hop", "secret-ish")
            .add("x-kept", "1")
            .build();

    assertThat(copy(in, true).names()).containsExactly("x-kept");
  }

  @Test
  void a_callers_authorization_is_dropped_only_when_the_token_travels_in_it() {
    Metadata in = Metadata.of("Authorization", "Bearer caller", "traceparent", "00-1-2-01");

    assertThat(copy(in, true).names()).containsExactly("traceparent");
    assertThat(copy(in, false).first("authorization")).contains("Bearer caller");
  }

  @Test
  void trace_context_baggage_and_dapr_identity_headers_pass_through_with_every_value() {
    Metadata in =
        Metadata.builder()
            .add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
            .add("tracestate", "rojo=1")
            .add("baggage", "a=b")
            .add("dapr-caller-app-id", "checkout")
            .add("x-multi", "1")
            .add("x-multi", "2")
            .build();

    assertThat(copy(in, true)).isEqualTo(in);
  }

  @ParameterizedTest
  @ValueSource(strings = {"v\r\nX-Injected: 1", "v\n", "v\r", "v\u0000"})
  void a_value_with_cr_lf_or_nul_is_rejected_naming_the_header(String value) {
    Metadata in = Metadata.of("X-Custom", value);

    assertThatThrownBy(() -> copy(in, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'x-custom'")
        .hasMessageContaining("CR, LF or NUL");
  }

  @ParameterizedTest
  @ValueSource(strings = {"x y", "x:y", "x\r\ny", "caf\u00e9", "x(y)", "x/y", "x\"y", "x@y"})
  void a_name_that_is_not_an_http_token_is_rejected(String name) {
    assertThatThrownBy(() -> SafeHeaders.check(name, "v"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a valid HTTP header name")
        .hasMessageNotContaining("\r");
  }

  @Test
  void an_empty_name_is_rejected() {
    assertThatThrownBy(() -> SafeHeaders.check("", "v"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty name");
  }

  @Test
  void token_characters_and_ordinary_values_are_accepted() {
    assertThatCode(
            () -> SafeHeaders.check("X-Ab_c.d!#$%&'*+^`|~9", "any value: with \"quotes\" and\ttab"))
        .doesNotThrowAnyException();
  }

  @Test
  void reply_headers_lose_hop_by_hop_framing_and_the_protocol_marker_only() {
    Metadata reply =
        Metadata.builder()
            .add("Connection", "keep-alive")
            .add("Content-Length", "5")
            .add("Content-Type", "text/plain")
            .add("Transfer-Encoding", "chunked")
            .add("Dapr-Compute-Protocol", "1")
            .add("X-Request-Id", "abc")
            .add("Set-Cookie", "a=1")
            .add("Set-Cookie", "b=2")
            .build();

    Metadata visible = SafeHeaders.replyMetadata(reply);

    assertThat(visible.names()).containsExactly("x-request-id", "set-cookie");
    assertThat(visible.all("set-cookie")).containsExactly("a=1", "b=2");
  }
}
