package dev.daprcompute.openfaas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daprcompute.api.ComputeUnavailableException.Reason;
import dev.daprcompute.api.Metadata;
import dev.daprcompute.api.Payload;
import dev.daprcompute.api.protocol.PlatformResponse;
import dev.daprcompute.api.protocol.Protocol;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the gateway's own answers on /function and /async-function")
class GatewayRepliesTest {
  private static final Metadata TEXT = Metadata.of("content-type", "text/plain; charset=utf-8");

  private static PlatformResponse sync(int status, String body) {
    return GatewayReplies.read(false, false, status, TEXT, Payload.ofUtf8(body));
  }

  @Test
  @DisplayName("the function's answer (its marker) is never read as the gateway's, whatever it says")
  void markerWins() {
    Metadata marked = Metadata.of(Protocol.MARKER_HEADER, "1", "content-type", "text/plain");
    PlatformResponse reply = GatewayReplies.read(false, false, 404, marked,
        Payload.ofUtf8("error finding function dapr-fn.openfaas-fn: it is the function speaking"));
    assertThat(reply.answeredByFunction()).isTrue();
    assertThat(reply.platformError()).isNull();
  }

  @Test
  @DisplayName("404 'error finding function' (the scaling handler): not deployed, with the gateway's words")
  void errorFindingFunction() {
    PlatformResponse reply = sync(404, "error finding function dapr-fn.openfaas-fn: server returned non-200 status code"
        + " (404) for function, dapr-fn");
    assertThat(reply.platformError().reason()).isEqualTo(Reason.NOT_DEPLOYED);
    assertThat(reply.platformError().code()).isEqualTo("FunctionNotFound");
    assertThat(reply.platformError().message()).contains("dapr-fn.openfaas-fn");
  }

  @Test
  @DisplayName("503 'No endpoints available for': not deployed, unless /system has just said the function exists")
  void noEndpoints() {
    String text = "No endpoints available for: dapr-fn.";
    PlatformResponse unknown = sync(503, text);
    assertThat(unknown.platformError().reason()).isEqualTo(Reason.NOT_DEPLOYED);
    assertThat(unknown.platformError().message()).contains(text).contains("not deployed");
    PlatformResponse starting = GatewayReplies.read(false, true, 503, TEXT, Payload.ofUtf8(text));
    assertThat(starting.platformError().reason()).isEqualTo(Reason.PLATFORM_ERROR);
    assertThat(starting.platformError().message()).contains("no replica is ready yet");
  }

  @Test
  @DisplayName("500 'Can't reach service', an empty 502 and a Basic challenge are the gateway's, each said in words")
  void otherGatewayFailures() {
    assertThat(sync(500, "Can't reach service for: dapr-fn.").platformError().code()).isEqualTo("CannotReachService");
    PlatformResponse upstream = GatewayReplies.read(false, false, 502, Metadata.empty(), Payload.empty());
    assertThat(upstream.platformError().message()).contains("upstream_timeout");
    PlatformResponse basic = GatewayReplies.read(false, false, 401,
        Metadata.of("WWW-Authenticate", "Basic realm=\"Restricted\""), Payload.ofUtf8("invalid credentials"));
    assertThat(basic.platformError().reason()).isEqualTo(Reason.PLATFORM_CREDENTIALS);
    assertThat(basic.platformError().message()).contains("OpenFaaS CE does not authenticate /function");
  }

  @Test
  @DisplayName("anything else passes unread, to be classified by its status")
  void othersPassThrough() {
    for (int status : new int[] {200, 204, 404, 429, 500, 503}) {
      assertThat(sync(status, "<html>maintenance</html>").platformError()).as("status %d", status).isNull();
    }
    assertThat(GatewayReplies.read(false, false, 202, Metadata.of(GatewayReplies.CALL_ID, "c-1"), Payload.empty())
        .answeredByFunction()).as("a 202 on /function is no queue's").isFalse();
  }

  @Test
  @DisplayName("/async-function: 202 with X-Call-Id is accepted for the function, with the call ID and no body")
  void accepted() {
    PlatformResponse reply = GatewayReplies.read(true, false, 202, Metadata.of("X-Call-Id", "c-42"), Payload.empty());
    assertThat(reply.answeredByFunction()).isTrue();
    assertThat(reply.status()).isEqualTo(202);
    assertThat(reply.headers().first("x-call-id")).contains("c-42");
    assertThat(reply.body().isEmpty()).isTrue();
    PlatformResponse noCallId = GatewayReplies.read(true, false, 202, Metadata.empty(), Payload.empty());
    assertThat(noCallId.answeredByFunction()).isFalse();
    assertThat(noCallId.platformError().code()).isEqualTo("NoCallId");
  }

  @Test
  @DisplayName("/async-function: a queue error names NATS's payload limit; Go's 404 page means the gateway has no async")
  void asyncFailures() {
    PlatformResponse full = GatewayReplies.read(true, false, 500, TEXT,
        Payload.ofUtf8("Error queuing request: nats: maximum payload exceeded"));
    assertThat(full.platformError().code()).isEqualTo("QueueError");
    assertThat(full.platformError().message()).contains("max_payload");
    PlatformResponse disabled = GatewayReplies.read(true, false, 404, TEXT, Payload.ofUtf8("404 page not found\n"));
    assertThat(disabled.platformError().code()).isEqualTo("AsyncDisabled");
    assertThat(disabled.platformError().reason()).isEqualTo(Reason.PLATFORM_ERROR);
  }

  @Test
  @DisplayName("texts in messages are one short line without tokens")
  void text() {
    String token = "eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlc2lnbmF0dXJl";
    String text = GatewayReplies.text(Payload.ofUtf8("line one\r\nBearer " + token + "\n" + "x".repeat(500)));
    assertThat(text).doesNotContain("\n").doesNotContain(token).endsWith("...");
    assertThat(text.length()).isLessThanOrEqualTo(203);
  }
}
