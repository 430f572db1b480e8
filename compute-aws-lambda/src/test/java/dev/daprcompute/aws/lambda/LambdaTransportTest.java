package dev.daprcompute.aws.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeRequestException;
import dev.daprcompute.api.ComputeUnavailableException.Reason;
import dev.daprcompute.api.spi.FunctionRequest;
import dev.daprcompute.api.spi.Operation;
import dev.daprcompute.api.spi.PlatformResponse;
import dev.daprcompute.api.spi.PlatformTransport;
import dev.daprcompute.protocol.Feature;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.Protocol;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okio.Buffer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The transport on its own: the requests it writes and how it reads Lambda's replies. No network.
 */
class LambdaTransportTest {
  private static final OkHttpClient CLIENT = new OkHttpClient();
  private static final Instant NOW = Instant.parse("2026-05-04T10:20:30Z");
  private static final ComputeContext CONTEXT =
      new ComputeContext(CLIENT, Clock.fixed(NOW, ZoneOffset.UTC), "app");
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

  private static PlatformTransport transport(Consumer<ComponentMetadata.Builder> customize) {
    ComponentMetadata.Builder metadata =
        ComponentMetadata.builder("orders", AwsLambdaPlatformProvider.TYPE)
            .put("region", "us-east-1")
            .putSecret("accessKey", "AKIDEXAMPLE")
            .putSecret("secretKey", SECRET);
    customize.accept(metadata);
    return new AwsLambdaPlatformProvider(Optional::empty).transport(metadata.build(), CONTEXT);
  }

  private static FunctionRequest request(
      Operation operation, String verb, String path, Payload body, String contentType) {
    Metadata.Builder headers =
        Metadata.builder().add("authorization", "Bearer token").add(Protocol.MARKER_HEADER, "1");
    if (!contentType.isEmpty()) {
      headers.add("content-type", contentType);
    }
    return new FunctionRequest(operation, verb, path, "", headers.build(), body);
  }

  private static FunctionRequest info() {
    return request(Operation.INFO, "GET", Protocol.INFO_PATH, Payload.empty(), "");
  }

  private static PlatformResponse reply(
      PlatformTransport transport, int status, Metadata headers, String body) {
    transport.rawResponseLimit(4 << 20);
    return transport.fromHttpResponse(info(), status, headers, Payload.ofUtf8(body));
  }

  @Test
  @DisplayName(
      "a function that answers 404 without the marker is not read as Lambda's 'not deployed'")
  void functionStatusWithoutMarker() {
    PlatformResponse response =
        reply(
            transport(m -> m.put("functionName", "orders-fn")),
            200,
            Metadata.empty(),
            "{\"statusCode\":404,\"headers\":{},\"body\":\"no route\"}");
    assertThat(response.status()).isEqualTo(404);
    assertThat(response.platformError()).isNotNull();
    assertThat(response.platformError().reason()).isEqualTo(Reason.PLATFORM_ERROR);
    assertThat(response.platformError().fix()).contains("LambdaFunctionAdapter");
  }

  @Test
  @DisplayName(
      "a name:alias goes into the path as %3A, a qualifier as ?Qualifier=, and both are signed")
  void invokeUrl() {
    Request alias =
        transport(
                m -> m.put("functionName", "orders-fn:prod").put("endpoint", "http://127.0.0.1:9"))
            .toHttpRequest(info());
    assertThat(alias.url().encodedPath())
        .isEqualTo("/2015-03-31/functions/orders-fn%3Aprod/invocations");
    assertThat(alias.method()).isEqualTo("POST");
    assertThat(alias.header("Authorization"))
        .startsWith(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260504/us-east-1/lambda/aws4_request, "
                + "SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=");
    assertThat(alias.header("X-Amz-Date")).isEqualTo("20260504T102030Z");
    assertThat(alias.header("Host")).isEqualTo("127.0.0.1:9");
    assertThat(alias.header("X-Amz-Security-Token")).isNull();
    assertThat(alias.header("X-Amz-Invocation-Type")).as("RequestResponse is the default").isNull();

    Request qualified =
        transport(
                m ->
                    m.put(
                            "functionName",
                            "arn:aws:lambda:us-east-1:123456789012:function:orders-fn")
                        .put("qualifier", "$LATEST"))
            .toHttpRequest(info());
    assertThat(qualified.url().toString())
        .isEqualTo(
            "https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/"
                + "arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Aorders-fn/invocations?Qualifier=%24LATEST");
    assertThat(qualified.header("Host")).isEqualTo("lambda.us-east-1.amazonaws.com");
  }

  @Test
  @DisplayName(
      "the signature covers the request as sent: the event's hash, the host, the path encoded once more")
  void signatureCoversTheWireRequest() throws Exception {
    PlatformTransport transport =
        transport(
            m ->
                m.put("functionName", "orders-fn:prod")
                    .putSecret("sessionToken", "the-token")
                    .put("endpoint", "http://127.0.0.1:9"));
    Request request = transport.toHttpRequest(info());
    Buffer body = new Buffer();
    request.body().writeTo(body);
    String hash = SigV4Reference.sha256Hex(body.readByteArray());
    String canonical =
        "POST\n/2015-03-31/functions/orders-fn%253Aprod/invocations\n\nhost:127.0.0.1:9\n"
            + "x-amz-content-sha256:"
            + hash
            + "\nx-amz-date:20260504T102030Z\nx-amz-security-token:the-token\n\n"
            + "host;x-amz-content-sha256;x-amz-date;x-amz-security-token\n"
            + hash;
    assertThat(request.header("Authorization"))
        .isEqualTo(
            SigV4Reference.authorization(
                canonical, NOW, "us-east-1", "lambda", "AKIDEXAMPLE", SECRET));
    assertThat(request.header("x-amz-content-sha256")).isEqualTo(hash);
    assertThat(request.header("X-Amz-Security-Token")).isEqualTo("the-token");
  }

  @Test
  @DisplayName(
      "a request over 6 MB after the envelope and base64 is refused before sending, naming the limit")
  void payloadLimit() {
    PlatformTransport transport = transport(m -> m.put("functionName", "orders-fn"));
    Payload fiveMiB = Payload.wrap(new byte[5 << 20]);
    assertThatThrownBy(
            () ->
                transport.toHttpRequest(
                    request(
                        Operation.INVOKE, "POST", "/upload", fiveMiB, "application/octet-stream")))
        .isInstanceOf(ComputeRequestException.class)
        .hasMessageContaining("6291556 bytes")
        .hasMessageContaining("synchronous")
        .hasMessageContaining("base64");
    // The same bytes as text fit: no base64.
    Payload fiveMiBText =
        Payload.wrap("a".repeat(5 << 20).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    assertThat(
            transport.toHttpRequest(
                request(Operation.INVOKE, "POST", "/upload", fiveMiBText, "text/plain")))
        .isNotNull();
  }

  @Test
  @DisplayName(
      "X-Amz-Function-Error is a crash, never the function's answer, whatever the body says")
  void functionErrorIsACrash() {
    PlatformTransport transport = transport(m -> m.put("functionName", "orders-fn"));
    PlatformResponse reply =
        reply(
            transport,
            200,
            Metadata.of("X-Amz-Function-Error", "Unhandled"),
            "{\"statusCode\":200,\"headers\":{\"dapr-compute-protocol\":\"1\"},\"body\":\"fake\"}");
    assertThat(reply.answeredByFunction()).isFalse();
    assertThat(reply.platformError().reason()).isEqualTo(Reason.FUNCTION_CRASHED);
  }

  @Test
  @DisplayName(
      "the function's v2.0 response is its answer; a 200 that is not JSON is a platform error")
  void answersAndGarbage() {
    PlatformTransport transport = transport(m -> m.put("functionName", "orders-fn"));
    PlatformResponse answer =
        reply(
            transport,
            200,
            Metadata.empty(),
            "{\"statusCode\":201,\"headers\":{\"Dapr-Compute-Protocol\":\"1\",\"content-type\":\"text/plain\"},\"body\":\"made\"}");
    assertThat(answer.answeredByFunction()).isTrue();
    assertThat(answer.status()).isEqualTo(201);
    assertThat(answer.body().toUtf8()).isEqualTo("made");
    PlatformResponse garbage =
        reply(transport, 200, Metadata.of("content-type", "text/html"), "<html>maintenance</html>");
    assertThat(garbage.answeredByFunction()).isFalse();
    assertThat(garbage.platformError().code()).isEqualTo("MalformedResponse");
    PlatformResponse unknown =
        reply(transport, 503, Metadata.empty(), "<html>Service Unavailable</html>");
    assertThat(unknown.platformError().code()).isEqualTo("HTTP 503");
  }

  @Test
  @DisplayName("a throttled reply keeps Lambda's headers, so Retry-After is honoured")
  void throttledKeepsRetryAfter() {
    PlatformTransport transport = transport(m -> m.put("functionName", "orders-fn"));
    PlatformResponse reply =
        reply(
            transport,
            429,
            Metadata.of("x-amzn-ErrorType", "TooManyRequestsException", "Retry-After", "7"),
            "{\"Reason\":\"CallerRateLimitExceeded\",\"message\":\"Rate Exceeded.\"}");
    assertThat(reply.platformError().reason()).isEqualTo(Reason.THROTTLED);
    assertThat(reply.headers().first("retry-after")).contains("7");
  }

  @Test
  @DisplayName(
      "the raw reply limit leaves room for the envelope and base64; a decoded answer over maxBodySize is refused")
  void replyLimits() {
    PlatformTransport transport = transport(m -> m.put("functionName", "orders-fn"));
    assertThat(transport.rawResponseLimit(3)).isGreaterThan(4);
    assertThat(transport.rawResponseLimit(3 << 20)).isGreaterThanOrEqualTo(4L << 20);
    assertThat(
            transport(
                    m ->
                        m.put("mode", "url")
                            .put("functionUrl", "https://fn.example.com")
                            .put("authType", "NONE"))
                .rawResponseLimit(1000))
        .as("no envelope on a Function URL")
        .isEqualTo(1000);
  }

  @Test
  @DisplayName(
      "with invocationType Event, binding events are queued (1 MB), 202 is an empty answer, other calls stay synchronous")
  void eventBindings() {
    PlatformTransport transport =
        transport(m -> m.put("functionName", "orders-fn").put("invocationType", "Event"));
    assertThat(transport.features())
        .contains(Feature.ASYNC_BINDING_EVENTS, Feature.PLATFORM_CHECKS);
    FunctionRequest binding =
        request(
            Operation.BINDING_EVENT,
            "POST",
            "/orders-queue",
            Payload.ofUtf8("{}"),
            "application/json");
    assertThat(transport.toHttpRequest(binding).header("X-Amz-Invocation-Type")).isEqualTo("Event");
    assertThat(transport.toHttpRequest(binding).header("Authorization"))
        .contains("x-amz-invocation-type");
    assertThat(transport.toHttpRequest(info()).header("X-Amz-Invocation-Type")).isNull();
    transport.rawResponseLimit(4 << 20);
    PlatformResponse accepted =
        transport.fromHttpResponse(
            binding, 202, Metadata.of("x-amzn-RequestId", "req-1"), Payload.empty());
    assertThat(accepted.isQueued()).as("queued, not a forged answer of the function's").isTrue();
    assertThat(accepted.queuedAs()).isEqualTo("req-1");
    assertThat(accepted.answeredByFunction()).isFalse();
    Payload big = Payload.wrap(new byte[800 * 1024]);
    assertThatThrownBy(
            () ->
                transport.toHttpRequest(
                    request(
                        Operation.BINDING_EVENT,
                        "POST",
                        "/orders-queue",
                        big,
                        "application/octet-stream")))
        .isInstanceOf(ComputeRequestException.class)
        .hasMessageContaining("1048576 bytes")
        .hasMessageContaining("Event");
    assertThat(transport(m -> m.put("functionName", "orders-fn")).features())
        .containsExactly(Feature.PLATFORM_CHECKS);
  }

  @Test
  @DisplayName("mode url: AWS_IAM signs and frees Authorization; NONE sends the request as it is")
  void functionUrlRequests() {
    PlatformTransport iam =
        transport(
            m ->
                m.put("mode", "url")
                    .put(
                        "functionUrl",
                        "https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws"));
    assertThat(iam.occupiesAuthorizationHeader()).isTrue();
    assertThat(iam.features()).isEmpty();
    FunctionRequest echo =
        new FunctionRequest(
            Operation.INVOKE,
            "PUT",
            "/echo",
            "b=2&a=1",
            Metadata.of("dapr-authorization", "Bearer token", "x-amz-date", "19700101T000000Z"),
            Payload.ofUtf8("x"));
    Request signed = iam.toHttpRequest(echo);
    assertThat(signed.url().encodedPath()).isEqualTo("/echo");
    assertThat(signed.url().encodedQuery()).isEqualTo("b=2&a=1");
    assertThat(signed.header("Authorization"))
        .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260504/us-east-1/lambda/");
    assertThat(signed.header("X-Amz-Date"))
        .as("a caller's x-amz-date is replaced")
        .isEqualTo("20260504T102030Z");
    assertThat(signed.header("Dapr-Authorization")).isEqualTo("Bearer token");

    PlatformTransport open =
        transport(
            m ->
                m.put("mode", "url")
                    .put("authType", "NONE")
                    .put("functionUrl", "https://fn.example.com"));
    assertThat(open.occupiesAuthorizationHeader()).isFalse();
    Request plain = open.toHttpRequest(info());
    assertThat(plain.header("Authorization")).isEqualTo("Bearer token");
    assertThat(plain.header("X-Amz-Date")).isNull();
  }

  @Test
  @DisplayName(
      "mode url: Lambda's 403 is the platform credential, a bare 502 a crash; the function's marker always wins")
  void functionUrlReplies() {
    PlatformTransport iam =
        transport(m -> m.put("mode", "url").put("functionUrl", "https://fn.example.com"));
    PlatformResponse forbidden =
        reply(
            iam,
            403,
            Metadata.of("x-amzn-ErrorType", "AccessDeniedException"),
            "{\"Message\":\"Forbidden. For troubleshooting Function URL authorization issues, see: https://docs.aws.amazon.com\"}");
    assertThat(forbidden.platformError().reason()).isEqualTo(Reason.PLATFORM_CREDENTIALS);
    PlatformResponse crashed =
        reply(iam, 502, Metadata.of("content-type", "application/json"), "Internal Server Error");
    assertThat(crashed.platformError().reason()).isEqualTo(Reason.FUNCTION_CRASHED);
    PlatformResponse functions =
        reply(
            iam,
            403,
            Metadata.of("dapr-compute-protocol", "1", "x-amzn-ErrorType", "AccessDeniedException"),
            "the function's own 403");
    assertThat(functions.answeredByFunction()).isTrue();
  }

  @Test
  @DisplayName("the transport and its settings print no secret")
  void noSecretsPrinted() {
    PlatformTransport transport =
        transport(
            m -> m.put("functionName", "orders-fn").putSecret("sessionToken", "session-secret"));
    assertThat(transport.toString())
        .doesNotContain(SECRET)
        .doesNotContain("session-secret")
        .doesNotContain("AKIDEXAMPLE");
  }
}
