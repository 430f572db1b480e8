package dev.daprcompute.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.testkit.FakeClient.Reply;
import java.time.Duration;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("HttpPlatformFake behaves like a plain HTTP gateway in front of the function")
class HttpPlatformFakeTest {
  private HttpPlatformFake fake;
  private FakeClient http;

  @BeforeEach
  void start() {
    fake = HttpPlatformFake.start("orders-fn");
    http = new FakeClient(fake);
  }

  @AfterEach
  void stop() {
    http.close();
    fake.close();
  }

  private Request.Builder info() {
    return new Request.Builder()
        .url(fake.endpoint() + Protocol.INFO_PATH)
        .header("Authorization", http.bearer());
  }

  @Test
  @DisplayName(
      "the component metadata points compute.http at /fn with the function's key and audience")
  void componentMetadata() {
    ComponentMetadata metadata = fake.component("orders").build();
    assertThat(metadata.type()).isEqualTo("compute.http");
    assertThat(metadata.requireString("endpoint")).isEqualTo(fake.baseUrl() + "/fn");
    assertThat(metadata.isSecret("key")).isTrue();
    assertThat(metadata.requireString("audience")).isEqualTo("orders-fn");
  }

  @Test
  @DisplayName(
      "requests below /fn reach the function with path and query; anything else is the server's own 404")
  void routing() {
    Reply reply = http.send(info()).fromFunction();
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().path("protocol").asInt()).isEqualTo(1);
    Reply echo =
        http.send(
                new Request.Builder()
                    .url(fake.endpoint() + "/echo?a=1")
                    .header("Authorization", http.bearer()))
            .fromFunction();
    assertThat(echo.json().path("query").asText()).isEqualTo("a=1");
    Reply outside = http.send(new Request.Builder().url(fake.baseUrl() + "/other")).fromPlatform();
    assertThat(outside.status()).isEqualTo(404);
    assertThat(fake.function().received()).hasSize(2);
    assertThat(fake.recordedCalls())
        .extracting(RecordedCall::path)
        .containsExactly("/fn" + Protocol.INFO_PATH, "/fn/echo", "/other");
  }

  @Test
  @DisplayName(
      "each fault is answered as a generic gateway would, without the marker, then the function answers again")
  void faults() {
    fake.failNext(1, PlatformFault.notFound())
        .failNext(1, PlatformFault.unauthorized())
        .failNext(1, PlatformFault.forbidden())
        .failNext(1, PlatformFault.throttled(Duration.ofSeconds(4)))
        .failNext(1, PlatformFault.serverError())
        .failNext(1, PlatformFault.coldStart(Duration.ofMillis(200)))
        .failNext(1, PlatformFault.gatewayTimeout())
        .failNext(1, PlatformFault.malformedBody());
    assertThat(http.send(info()).fromPlatform().status()).isEqualTo(404);
    assertThat(http.send(info()).fromPlatform().status()).isEqualTo(401);
    assertThat(http.send(info()).fromPlatform().status()).isEqualTo(403);
    Reply throttled = http.send(info()).fromPlatform();
    assertThat(throttled.status()).isEqualTo(429);
    assertThat(throttled.header("Retry-After")).isEqualTo("4");
    assertThat(http.send(info()).fromPlatform().status()).isEqualTo(500);
    long start = System.nanoTime();
    assertThat(http.send(info()).fromPlatform().status()).isEqualTo(503);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(200));
    assertThat(http.send(info()).fromPlatform().status()).isEqualTo(504);
    Reply garbage = http.send(info()).fromPlatform();
    assertThat(garbage.status()).isEqualTo(200);
    assertThat(garbage.body()).startsWith("<html>");
    assertThat(http.send(info()).fromFunction().status()).isEqualTo(200);
    assertThat(fake.recordedCalls())
        .extracting(RecordedCall::fault)
        .containsExactly(
            "NotFound",
            "Unauthorized",
            "Forbidden",
            "Throttled",
            "ServerError",
            "ColdStart",
            "GatewayTimeout",
            "MalformedBody",
            "");
  }

  @Test
  @DisplayName(
      "a truncated answer is the function's, marker and full Content-Length, and breaks inside its body")
  void truncatedAnswers() {
    fake.failNext(1, PlatformFault.truncatedAnswer(0))
        .failNext(1, PlatformFault.truncatedAnswer(8));
    for (int kept : new int[] {0, 8}) {
      FakeClient.CutShort cut = http.cutShort(info());
      assertThat(cut.status()).isEqualTo(200);
      assertThat(cut.headers().get(Protocol.MARKER_HEADER))
          .as("after %s bytes", kept)
          .isEqualTo("1");
      assertThat(Long.parseLong(cut.headers().get("content-length"))).isGreaterThan(kept);
      assertThat(cut.failure()).hasMessageContaining("unexpected end of stream");
    }
    assertThat(fake.function().received()).as("the function answered both").hasSize(2);
    assertThat(http.send(info()).fromFunction().status()).isEqualTo(200);
  }

  @Test
  @DisplayName(
      "in front of an unrecorded function the fake records nothing, not even in WireMock's journal")
  void unrecorded() {
    try (HttpPlatformFake quiet =
            HttpPlatformFake.start(ReferenceFunction.createUnrecorded("orders-fn"));
        FakeClient client = new FakeClient(quiet)) {
      assertThat(quiet.recording()).isFalse();
      quiet.failNext(1, PlatformFault.serverError());
      client
          .send(
              new Request.Builder()
                  .url(quiet.endpoint() + Protocol.INFO_PATH)
                  .header("Authorization", client.bearer()))
          .fromPlatform();
      Reply info =
          client
              .send(
                  new Request.Builder()
                      .url(quiet.endpoint() + Protocol.INFO_PATH)
                      .header("Authorization", client.bearer()))
              .fromFunction();
      assertThat(info.status()).as("it still serves").isEqualTo(200);
      assertThat(quiet.recordedCalls()).isEmpty();
      assertThat(quiet.function().received()).isEmpty();
      assertThatThrownBy(() -> quiet.wireMock().getAllServeEvents())
          .as("WireMock's request journal is off")
          .hasMessageContaining("journal");
    }
    assertThat(fake.recording()).isTrue();
  }

  @Test
  @DisplayName("a reset connection fails the call; failAlways lasts until reset()")
  void resetsAndPersistentFaults() {
    fake.failAlways(PlatformFault.connectionReset());
    assertThat(http.failure(info())).isNotNull();
    assertThat(http.failure(info())).isNotNull();
    fake.reset();
    assertThat(http.send(info()).fromFunction().status()).isEqualTo(200);
    assertThat(fake.recordedCalls()).hasSize(1);
  }
}
