package dev.daprcompute.openfaas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daprcompute.api.ComputeUnavailableException.Reason;
import dev.daprcompute.api.spi.PlatformResponse;
import dev.daprcompute.api.spi.PlatformResponse.PlatformError;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.Protocol;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the gateway's own answers on /function and /async-function")
class GatewayRepliesTest {
  private static final Metadata TEXT = Metadata.of("content-type", "text/plain; charset=utf-8");

  private static PlatformError sync(int status, String body) {
    return GatewayReplies.error(false, status, TEXT, Payload.ofUtf8(body));
  }

  private static PlatformResponse queue(int status, Metadata headers, String body) {
    return GatewayReplies.ofQueue(false, status, headers, Payload.ofUtf8(body));
  }

  @Test
  @DisplayName(
      "404 'error finding function' (the scaling handler): not deployed, with the gateway's words")
  void errorFindingFunction() {
    PlatformError error =
        sync(
            404,
            "error finding function dapr-fn.openfaas-fn: server returned non-200 status code"
                + " (404) for function, dapr-fn");
    assertThat(error.reason()).isEqualTo(Reason.NOT_DEPLOYED);
    assertThat(error.code()).isEqualTo("FunctionNotFound");
    assertThat(error.message()).contains("dapr-fn.openfaas-fn");
  }

  @Test
  @DisplayName(
      "503 'No endpoints available for': not deployed, unless /system has just said the function exists")
  void noEndpoints() {
    String text = "No endpoints available for: dapr-fn.";
    PlatformError unknown = sync(503, text);
    assertThat(unknown.reason()).isEqualTo(Reason.NOT_DEPLOYED);
    assertThat(unknown.message()).contains(text).contains("not deployed");
    PlatformError starting = GatewayReplies.error(true, 503, TEXT, Payload.ofUtf8(text));
    assertThat(starting.reason()).isEqualTo(Reason.PLATFORM_ERROR);
    assertThat(starting.message()).contains("no replica is ready yet");
  }

  @Test
  @DisplayName(
      "500 'Can't reach service', an empty 502 and a Basic challenge are the gateway's, each said in words with a fix")
  void otherGatewayFailures() {
    assertThat(sync(500, "Can't reach service for: dapr-fn.").code())
        .isEqualTo("CannotReachService");
    PlatformError upstream = GatewayReplies.error(false, 502, Metadata.empty(), Payload.empty());
    assertThat(upstream.message()).contains("upstream_timeout");
    assertThat(upstream.fix()).contains("faas-cli logs");
    PlatformError basic =
        GatewayReplies.error(
            false,
            401,
            Metadata.of("WWW-Authenticate", "Basic realm=\"Restricted\""),
            Payload.ofUtf8("invalid credentials"));
    assertThat(basic.reason()).isEqualTo(Reason.PLATFORM_CREDENTIALS);
    assertThat(basic.message()).contains("invalid credentials");
    assertThat(basic.fix()).contains("OpenFaaS CE does not authenticate /function");
  }

  @Test
  @DisplayName("anything else is not the gateway's own: classified by its status")
  void othersPassThrough() {
    for (int status : new int[] {200, 202, 204, 401, 404, 429, 500, 503}) {
      assertThat(sync(status, "<html>maintenance</html>")).as("status %d", status).isNull();
    }
  }

  @Test
  @DisplayName(
      "/async-function: 202 with X-Call-Id is queued as that call, never an answer of the function's")
  void queued() {
    PlatformResponse reply = queue(202, Metadata.of("X-Call-Id", "c-42"), "");
    assertThat(reply.isQueued()).isTrue();
    assertThat(reply.queuedAs()).isEqualTo("c-42");
    assertThat(reply.answeredByFunction()).isFalse();
    PlatformResponse noCallId = queue(202, Metadata.empty(), "");
    assertThat(noCallId.isQueued()).isFalse();
    assertThat(noCallId.platformError().code()).isEqualTo("NoCallId");
  }

  @Test
  @DisplayName("/async-function: the function's answer (its marker) stays the function's")
  void markerWins() {
    PlatformResponse reply =
        queue(200, Metadata.of(Protocol.MARKER_HEADER, "1", "X-Call-Id", "c-1"), "x");
    assertThat(reply.answeredByFunction()).isTrue();
    assertThat(reply.isQueued()).isFalse();
  }

  @Test
  @DisplayName(
      "/async-function: a queue error names NATS's payload limit; Go's 404 page means the gateway has no async")
  void asyncFailures() {
    PlatformResponse full =
        queue(500, TEXT, "Error queuing request: nats: maximum payload exceeded");
    assertThat(full.platformError().code()).isEqualTo("QueueError");
    assertThat(full.platformError().fix()).contains("max_payload");
    PlatformResponse disabled = queue(404, TEXT, "404 page not found\n");
    assertThat(disabled.platformError().code()).isEqualTo("AsyncDisabled");
    assertThat(disabled.platformError().reason()).isEqualTo(Reason.PLATFORM_ERROR);
    assertThat(disabled.platformError().fix()).contains("NATS").contains("asyncBindings");
    assertThat(
            queue(404, TEXT, "error finding function dapr-fn.openfaas-fn").platformError().reason())
        .as("the gateway's own errors as on /function")
        .isEqualTo(Reason.NOT_DEPLOYED);
  }

  @Test
  @DisplayName("texts in messages are one short line without tokens")
  void text() {
    String token = "eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlc2lnbmF0dXJl";
    String text =
        GatewayReplies.text(
            Payload.ofUtf8("Bearer " + token + " line one " + "x".repeat(500) + "\r\nline two"));
    assertThat(text)
        .doesNotContain("\n")
        .doesNotContain(token)
        .doesNotContain("line two")
        .endsWith("...");
    assertThat(text.length()).isLessThanOrEqualTo(303);
  }
}
