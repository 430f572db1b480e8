package dev.daprcompute.aws.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ProtocolViolationException;
import dev.daprcompute.api.spi.FunctionRequest;
import dev.daprcompute.api.spi.Operation;
import dev.daprcompute.api.spi.PlatformResponse;
import dev.daprcompute.api.spi.PlatformTransport;
import dev.daprcompute.function.FunctionHttpRequest;
import dev.daprcompute.function.FunctionHttpResponse;
import dev.daprcompute.function.LambdaFunctionAdapter;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.OkHttpClient;
import okio.Buffer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The v2.0 envelope both ways, from the Invoke transport through compute-function's
 * LambdaFunctionAdapter and back: what the component writes is what the function reads, and what
 * the function answers is what the component reads.
 */
class LambdaEnvelopeTest {
  private static final Instant NOW = Instant.parse("2026-03-12T19:03:58Z");

  /** An Invoke transport; its requests are signed with made-up keys. */
  static final PlatformTransport TRANSPORT =
      new AwsLambdaPlatformProvider(Optional::empty)
          .transport(
              ComponentMetadata.builder("orders", AwsLambdaPlatformProvider.TYPE)
                  .put("functionName", "orders-fn")
                  .put("region", "us-east-1")
                  .putSecret("accessKey", "AKIDEXAMPLE")
                  .putSecret("secretKey", "secret")
                  .build(),
              new ComputeContext(new OkHttpClient(), Clock.fixed(NOW, ZoneOffset.UTC), null));

  /** The v2.0 event the Invoke transport sends for {@code request}. */
  static byte[] event(PlatformTransport transport, FunctionRequest request) {
    Buffer body = new Buffer();
    try {
      Objects.requireNonNull(transport.toHttpRequest(request).body()).writeTo(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return body.readByteArray();
  }

  /** What the Invoke transport makes of the function's return value. */
  static PlatformResponse read(PlatformTransport transport, byte[] returned) {
    FunctionRequest info =
        new FunctionRequest(
            Operation.INFO, "GET", "/.well-known/dapr/info", "", Metadata.empty(), Payload.empty());
    return transport.fromHttpResponse(info, 200, Metadata.empty(), Payload.wrap(returned));
  }

  private static PlatformResponse read(byte[] returned) {
    return read(TRANSPORT, returned);
  }

  /** Runs {@code request} through the adapter; the handler sees it and answers {@code answer}. */
  private static RoundTrip roundTrip(FunctionRequest request, FunctionHttpResponse answer) {
    AtomicReference<FunctionHttpRequest> seen = new AtomicReference<>();
    LambdaFunctionAdapter adapter =
        new LambdaFunctionAdapter(
            r -> {
              seen.set(r);
              return answer;
            });
    byte[] event = event(TRANSPORT, request);
    String returned = adapter.handle(new String(event, StandardCharsets.UTF_8));
    PlatformResponse reply = read(returned.getBytes(StandardCharsets.UTF_8));
    return new RoundTrip(event, seen.get(), reply);
  }

  private record RoundTrip(byte[] event, FunctionHttpRequest seen, PlatformResponse reply) {
    JsonNode json() throws Exception {
      return Json.MAPPER.readTree(event);
    }
  }

  private static FunctionRequest request(
      String verb, String path, String query, Metadata headers, Payload body) {
    return new FunctionRequest(Operation.INVOKE, verb, path, query, headers, body);
  }

  @Test
  @DisplayName(
      "method, path, query, headers (the token among them), cookies and a text body arrive as sent")
  void requestArrives() throws Exception {
    Metadata headers =
        Metadata.builder()
            .add("authorization", "Bearer eyJ.token")
            .add("content-type", "application/json")
            .add("x-tenant", "acme")
            .add("x-multi", "a")
            .add("x-multi", "b")
            .add("cookie", "a=1; b=2")
            .build();
    RoundTrip trip =
        roundTrip(
            request(
                "PATCH",
                "/orders/7",
                "a=1&b=two%20words",
                headers,
                Payload.ofUtf8("{\"n\":\"é\"}")),
            new FunctionHttpResponse(204, Metadata.empty(), Payload.empty()));
    JsonNode event = trip.json();
    assertThat(event.path("version").asText()).isEqualTo("2.0");
    assertThat(event.path("rawPath").asText()).isEqualTo("/orders/7");
    assertThat(event.path("rawQueryString").asText()).isEqualTo("a=1&b=two%20words");
    assertThat(event.path("queryStringParameters").path("b").asText()).isEqualTo("two words");
    assertThat(event.path("requestContext").path("http").path("method").asText())
        .isEqualTo("PATCH");
    assertThat(event.path("requestContext").path("timeEpoch").asLong())
        .isEqualTo(NOW.toEpochMilli());
    assertThat(event.path("headers").path("authorization").asText()).isEqualTo("Bearer eyJ.token");
    assertThat(event.path("headers").path("x-multi").asText()).isEqualTo("a,b");
    assertThat(event.path("headers").has("cookie")).isFalse();
    assertThat(event.path("cookies")).extracting(JsonNode::asText).containsExactly("a=1", "b=2");
    assertThat(event.path("isBase64Encoded").asBoolean()).isFalse();
    assertThat(event.path("body").asText()).isEqualTo("{\"n\":\"é\"}");

    FunctionHttpRequest seen = trip.seen();
    assertThat(seen.method()).isEqualTo("PATCH");
    assertThat(seen.path()).isEqualTo("/orders/7");
    assertThat(seen.rawQuery()).isEqualTo("a=1&b=two%20words");
    assertThat(seen.headers().first("authorization")).contains("Bearer eyJ.token");
    assertThat(seen.headers().first("x-tenant")).contains("acme");
    assertThat(seen.headers().first("cookie")).contains("a=1; b=2");
    assertThat(seen.body().toUtf8()).isEqualTo("{\"n\":\"é\"}");
    assertThat(trip.reply().status()).isEqualTo(204);
  }

  @Test
  @DisplayName("binary bodies travel base64 both ways, byte for byte")
  void binaryBodies() throws Exception {
    byte[] bytes = new byte[256];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) i;
    }
    RoundTrip trip =
        roundTrip(
            request(
                "POST",
                "/blob",
                "",
                Metadata.of("content-type", "application/octet-stream"),
                Payload.of(bytes)),
            new FunctionHttpResponse(
                200, Metadata.of("content-type", "application/octet-stream"), Payload.of(bytes)));
    assertThat(trip.json().path("isBase64Encoded").asBoolean()).isTrue();
    assertThat(trip.seen().body().toByteArray()).isEqualTo(bytes);
    assertThat(trip.reply().body().toByteArray()).isEqualTo(bytes);
    assertThat(trip.reply().headers().first("content-type")).contains("application/octet-stream");
  }

  @Test
  @DisplayName("a JSON body that is not UTF-8 travels base64; a text body is never altered")
  void notUtf8JsonIsBase64() throws Exception {
    byte[] latin1 = "{\"n\":\"\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
    RoundTrip trip =
        roundTrip(
            request(
                "POST",
                "/x",
                "",
                Metadata.of("content-type", "application/json"),
                Payload.of(latin1)),
            new FunctionHttpResponse(200, Metadata.empty(), Payload.empty()));
    assertThat(trip.json().path("isBase64Encoded").asBoolean()).isTrue();
    assertThat(trip.seen().body().toByteArray()).isEqualTo(latin1);
  }

  @Test
  @DisplayName(
      "the function's status, headers, set-cookie cookies and the protocol marker come back")
  void answerComesBack() {
    Metadata headers =
        Metadata.builder()
            .add("dapr-compute-protocol", "1")
            .add("content-type", "text/plain")
            .add("x-function", "yes")
            .add("set-cookie", "s=1")
            .add("set-cookie", "t=2")
            .build();
    RoundTrip trip =
        roundTrip(
            request("GET", "/status/418", "", Metadata.empty(), Payload.empty()),
            new FunctionHttpResponse(418, headers, Payload.ofUtf8("status 418")));
    PlatformResponse reply = trip.reply();
    assertThat(reply.status()).isEqualTo(418);
    assertThat(reply.answeredByFunction()).isTrue();
    assertThat(reply.headers().first("x-function")).contains("yes");
    assertThat(reply.headers().all("set-cookie")).containsExactly("s=1", "t=2");
    assertThat(reply.body().toUtf8()).isEqualTo("status 418");
  }

  @Test
  @DisplayName(
      "a return value without statusCode is a 200 JSON answer with that value as body, as Lambda reads it")
  void withoutStatusCode() {
    PlatformResponse object = read("{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(object.status()).isEqualTo(200);
    assertThat(object.headers().first("content-type")).contains("application/json");
    assertThat(object.body().toUtf8()).isEqualTo("{\"hello\":\"world\"}");
    assertThat(object.answeredByFunction()).as("no marker: not a protocol answer").isFalse();
    PlatformResponse string = read("\"200 SUCCESS\"".getBytes(StandardCharsets.UTF_8));
    assertThat(string.body().toUtf8()).isEqualTo("\"200 SUCCESS\"");
    assertThat(read("<html>".getBytes(StandardCharsets.UTF_8)).platformError())
        .as("not JSON at all: Lambda's error")
        .isNotNull();
  }

  @Test
  @DisplayName(
      "a statusCode in a string is read; a base64 body that does not decode is a protocol violation")
  void responseEdges() {
    assertThat(
            read("{\"statusCode\":\"201\",\"body\":\"x\"}".getBytes(StandardCharsets.UTF_8))
                .status())
        .isEqualTo(201);
    assertThatThrownBy(
            () ->
                read(
                    "{\"statusCode\":200,\"body\":\"***\",\"isBase64Encoded\":true}"
                        .getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ProtocolViolationException.class)
        .hasMessageContaining("base64");
  }

  @Test
  @DisplayName(
      "a statusCode beyond an int is not a status: the value is a 200 JSON answer as it is")
  void statusBeyondAnInt() {
    // Found by LambdaPropertiesTest: 4294967496 was read through asInt() as 200 (its low 32 bits),
    // and
    // the object as a response whose body was "x".
    byte[] returned = "{\"statusCode\":4294967496,\"body\":\"x\"}".getBytes(StandardCharsets.UTF_8);

    PlatformResponse answer = read(returned);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body().unsafeArray()).isEqualTo(returned);
  }
}
