package dev.daprcompute.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.token.TokenSigner;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.internal.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * The Lambda fake behaves as Lambda does: requests are signed here by the AWS SDK's signer, as an
 * AWS SDK client would, and sent with plain OkHttp.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AwsLambdaFakeTest {
  private static final MediaType JSON = MediaType.get("application/json");
  private final OkHttpClient http =
      new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
  private AwsLambdaFake fake;
  private AwsLambdaFake url;

  @BeforeAll
  void start() {
    fake = AwsLambdaFake.start("orders-fn");
    url = AwsLambdaFake.startFunctionUrl("orders-fn", AwsLambdaFake.UrlAuth.AWS_IAM);
  }

  @AfterAll
  void stop() {
    fake.close();
    url.close();
  }

  @BeforeEach
  void reset() {
    fake.reset();
    url.reset();
  }

  private record Reply(int status, Map<String, String> headers, String body) {
    JsonNode json() throws IOException {
      return Json.MAPPER.readTree(body);
    }

    String errorType() {
      return headers.getOrDefault("x-amzn-errortype", "").replaceFirst(":.*", "");
    }
  }

  /**
   * A request signed by the AWS SDK's signer at {@code at} with {@code identity}, as an SDK client
   * sends it.
   */
  private Reply send(
      AwsLambdaFake target,
      String method,
      String path,
      String query,
      Map<String, String> headers,
      byte[] body,
      @Nullable AwsCredentialsIdentity identity,
      Instant at)
      throws IOException {
    return send(target, method, path, query, headers, body, body, identity, at);
  }

  /** As above, but sends {@code sent} after signing {@code body}. */
  private Reply send(
      AwsLambdaFake target,
      String method,
      String path,
      String query,
      Map<String, String> headers,
      byte[] body,
      byte[] sent,
      @Nullable AwsCredentialsIdentity identity,
      Instant at)
      throws IOException {
    Request.Builder request =
        new Request.Builder().url(target.baseUrl() + path + (query.isEmpty() ? "" : "?" + query));
    headers.forEach(request::header);
    if (identity != null) {
      SdkHttpFullRequest.Builder unsigned =
          SdkHttpFullRequest.builder()
              .method(SdkHttpMethod.fromValue(method))
              .protocol("http")
              .host("127.0.0.1")
              .port(target.port())
              .encodedPath(path);
      for (String parameter : query.isEmpty() ? new String[0] : query.split("&")) {
        String[] pair = parameter.split("=", 2);
        unsigned.appendRawQueryParameter(
            SigV4Verifier.decode(pair[0]), SigV4Verifier.decode(pair.length > 1 ? pair[1] : ""));
      }
      headers.forEach(unsigned::putHeader);
      SdkHttpFullRequest built =
          unsigned.contentStreamProvider(() -> new ByteArrayInputStream(body)).build();
      SignedRequest signed =
          AwsV4HttpSigner.create()
              .sign(
                  s ->
                      s.request(built)
                          .payload(built.contentStreamProvider().get())
                          .identity(identity)
                          .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "lambda")
                          .putProperty(AwsV4HttpSigner.REGION_NAME, AwsLambdaFake.REGION)
                          .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
                          .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)));
      signed.request().forEachHeader((name, values) -> request.header(name, values.get(0)));
    }
    request.method(method, method.equals("GET") ? null : RequestBody.create(sent, JSON));
    try (Response response = http.newCall(request.build()).execute()) {
      Map<String, String> out = new LinkedHashMap<>();
      response
          .headers()
          .forEach(h -> out.put(h.getFirst().toLowerCase(java.util.Locale.ROOT), h.getSecond()));
      return new Reply(response.code(), out, response.body().string());
    }
  }

  private AwsCredentialsIdentity keys(AwsLambdaFake target) {
    return AwsCredentialsIdentity.create(target.accessKeyId(), target.secretAccessKey());
  }

  private Reply invoke(String target, String query, Map<String, String> headers, String event)
      throws IOException {
    return send(
        fake,
        "POST",
        "/2015-03-31/functions/" + target + "/invocations",
        query,
        headers,
        event.getBytes(StandardCharsets.UTF_8),
        keys(fake),
        Instant.now());
  }

  /** A v2.0 event for {@code GET path} with a token the function accepts. */
  private String event(AwsLambdaFake target, String method, String path) {
    String token =
        new TokenSigner(target.function().componentKey())
            .token(target.function().audience(), "app");
    ObjectNode event = Json.MAPPER.createObjectNode();
    event.put("version", "2.0");
    event.put("rawPath", path);
    event.put("rawQueryString", "");
    event
        .putObject("headers")
        .put("authorization", "Bearer " + token)
        .put(Protocol.MARKER_HEADER.toLowerCase(java.util.Locale.ROOT), "1");
    event.putObject("requestContext").putObject("http").put("method", method);
    event.put("body", "");
    event.put("isBase64Encoded", false);
    return event.toString();
  }

  // ------------------------------------------------------------------ Invoke API

  @Test
  @DisplayName("a signed Invoke hands the v2.0 event to the function and answers its v2.0 response")
  void invokeRunsTheFunction() throws IOException {
    Reply reply = invoke("orders-fn", "", Map.of(), event(fake, "GET", Protocol.INFO_PATH));
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.headers())
        .containsEntry("x-amz-executed-version", "$LATEST")
        .containsKey("x-amzn-requestid");
    JsonNode response = reply.json();
    assertThat(response.path("statusCode").asInt()).isEqualTo(200);
    assertThat(response.path("headers").path("dapr-compute-protocol").asText()).isEqualTo("1");
    assertThat(Json.MAPPER.readTree(response.path("body").asText()).path("inputBindings").size())
        .isEqualTo(2);
    assertThat(fake.function().received(Protocol.INFO_PATH))
        .singleElement()
        .satisfies(r -> assertThat(r.token()).isNotNull());
  }

  @Test
  @DisplayName(
      "name:alias (%3A), ARNs and ?Qualifier= are understood; an unknown qualifier is ResourceNotFoundException")
  void namesAndQualifiers() throws IOException {
    String info = event(fake, "GET", Protocol.INFO_PATH);
    assertThat(invoke("orders-fn%3Alive", "", Map.of(), info).status()).isEqualTo(200);
    assertThat(
            invoke(
                    "arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Aorders-fn",
                    "Qualifier=%24LATEST", Map.of(), info)
                .status())
        .isEqualTo(200);
    assertThat(invoke("orders-fn", "Qualifier=7", Map.of(), info).headers())
        .containsEntry("x-amz-executed-version", "7");
    Reply unknown = invoke("orders-fn", "Qualifier=nope", Map.of(), info);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.errorType()).isEqualTo("ResourceNotFoundException");
    assertThat(unknown.json().path("Message").asText())
        .isEqualTo("Function not found: " + fake.functionArn() + ":nope");
  }

  @Test
  @DisplayName(
      "DryRun answers 204 for the function, 404 ResourceNotFoundException (Message) for another")
  void dryRun() throws IOException {
    assertThat(invoke("orders-fn", "", Map.of("x-amz-invocation-type", "DryRun"), "{}").status())
        .isEqualTo(204);
    Reply missing = invoke("other-fn", "", Map.of("x-amz-invocation-type", "DryRun"), "{}");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.errorType()).isEqualTo("ResourceNotFoundException");
    assertThat(missing.json().path("Message").asText())
        .startsWith("Function not found: arn:aws:lambda:us-east-1:123456789012:function:other-fn");
    assertThat(fake.function().received()).as("DryRun runs no code").isEmpty();
  }

  @Test
  @DisplayName("an unknown access key is 403 UnrecognizedClientException, with lower-case message")
  void unknownKey() throws IOException {
    Reply reply =
        send(
            fake,
            "POST",
            "/2015-03-31/functions/orders-fn/invocations",
            "",
            Map.of(),
            "{}".getBytes(StandardCharsets.UTF_8),
            AwsCredentialsIdentity.create("AKIAUNKNOWN000000000", "secret"),
            Instant.now());
    assertThat(reply.status()).isEqualTo(403);
    assertThat(reply.errorType()).isEqualTo("UnrecognizedClientException");
    assertThat(reply.json().path("message").asText())
        .isEqualTo("The security token included in the request is invalid.");
  }

  @Test
  @DisplayName(
      "a wrong secret or a changed body is 403 InvalidSignatureException, echoing the canonical request as AWS does")
  void badSignatures() throws IOException {
    fake.addCredentials("ASIAFAKETEST00000001", "right-secret", "session-token-value");
    Reply wrongSecret =
        send(
            fake,
            "POST",
            "/2015-03-31/functions/orders-fn/invocations",
            "",
            Map.of(),
            "{}".getBytes(StandardCharsets.UTF_8),
            AwsSessionCredentialsIdentity.create(
                "ASIAFAKETEST00000001", "wrong-secret", "session-token-value"),
            Instant.now());
    assertThat(wrongSecret.status()).isEqualTo(403);
    assertThat(wrongSecret.errorType()).isEqualTo("InvalidSignatureException");
    assertThat(wrongSecret.json().path("message").asText())
        .startsWith("The request signature we calculated does not match")
        .contains("The Canonical String for this request should have been")
        .contains("x-amz-security-token:session-token-value");
    Reply tampered =
        send(
            fake,
            "POST",
            "/2015-03-31/functions/orders-fn/invocations",
            "",
            Map.of(),
            "{}".getBytes(StandardCharsets.UTF_8),
            "{\"changed\":true}".getBytes(StandardCharsets.UTF_8),
            keys(fake),
            Instant.now());
    assertThat(tampered.status()).isEqualTo(403);
    assertThat(tampered.errorType()).isEqualTo("InvalidSignatureException");
    Reply noToken =
        send(
            fake,
            "POST",
            "/2015-03-31/functions/orders-fn/invocations",
            "",
            Map.of(),
            "{}".getBytes(StandardCharsets.UTF_8),
            AwsCredentialsIdentity.create("ASIAFAKETEST00000001", "right-secret"),
            Instant.now());
    assertThat(noToken.errorType())
        .as("temporary keys without their session token")
        .isEqualTo("UnrecognizedClientException");
    Reply withToken =
        send(
            fake,
            "POST",
            "/2015-03-31/functions/orders-fn/invocations",
            "",
            Map.of("x-amz-invocation-type", "DryRun"),
            "{}".getBytes(StandardCharsets.UTF_8),
            AwsSessionCredentialsIdentity.create(
                "ASIAFAKETEST00000001", "right-secret", "session-token-value"),
            Instant.now());
    assertThat(withToken.status()).isEqualTo(204);
  }

  @Test
  @DisplayName("a signature more than 5 minutes off the fake's clock is 'Signature expired'")
  void clockSkew() throws IOException {
    Instant signedAt = Instant.parse("2026-01-01T12:00:00Z");
    fake.clock(Clock.fixed(signedAt.plus(Duration.ofMinutes(6)), ZoneOffset.UTC));
    Reply reply =
        send(
            fake,
            "POST",
            "/2015-03-31/functions/orders-fn/invocations",
            "",
            Map.of("x-amz-invocation-type", "DryRun"),
            "{}".getBytes(StandardCharsets.UTF_8),
            keys(fake),
            signedAt);
    assertThat(reply.status()).isEqualTo(403);
    assertThat(reply.errorType()).isEqualTo("InvalidSignatureException");
    assertThat(reply.json().path("message").asText())
        .startsWith("Signature expired: 20260101T120000Z is now earlier than");
    fake.clock(Clock.fixed(signedAt.plus(Duration.ofMinutes(4)), ZoneOffset.UTC));
    assertThat(
            send(
                    fake,
                    "POST",
                    "/2015-03-31/functions/orders-fn/invocations",
                    "",
                    Map.of("x-amz-invocation-type", "DryRun"),
                    "{}".getBytes(StandardCharsets.UTF_8),
                    keys(fake),
                    signedAt)
                .status())
        .isEqualTo(204);
  }

  @Test
  @DisplayName("an unsigned request is 403 MissingAuthenticationTokenException")
  void unsigned() throws IOException {
    Reply reply =
        send(
            fake,
            "POST",
            "/2015-03-31/functions/orders-fn/invocations",
            "",
            Map.of(),
            "{}".getBytes(StandardCharsets.UTF_8),
            null,
            Instant.now());
    assertThat(reply.status()).isEqualTo(403);
    assertThat(reply.errorType()).isEqualTo("MissingAuthenticationTokenException");
  }

  @Test
  @DisplayName(
      "a crashing function is 200 with X-Amz-Function-Error: Unhandled and the runtime's error object")
  void crash() throws IOException {
    fake.crashNext(1);
    Reply reply = invoke("orders-fn", "", Map.of(), event(fake, "GET", Protocol.INFO_PATH));
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.headers()).containsEntry("x-amz-function-error", "Unhandled");
    assertThat(reply.json().path("errorType").asText())
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(reply.json().path("errorMessage").asText()).contains("crashed on purpose");
    assertThat(invoke("orders-fn", "", Map.of(), event(fake, "GET", Protocol.INFO_PATH)).headers())
        .as("only the next one")
        .doesNotContainKey("x-amz-function-error");
  }

  @Test
  @DisplayName("Event runs the function and answers 202 without its reply")
  void eventInvocation() throws IOException {
    Reply reply =
        invoke(
            "orders-fn",
            "",
            Map.of("x-amz-invocation-type", "Event"),
            event(fake, "GET", Protocol.INFO_PATH));
    assertThat(reply.status()).isEqualTo(202);
    assertThat(reply.body()).isEmpty();
    assertThat(fake.function().received(Protocol.INFO_PATH)).hasSize(1);
  }

  @Test
  @DisplayName(
      "a body that is not JSON is 400 InvalidRequestContentException; over 6 MB (1 MB for Event) is 413")
  void badBodies() throws IOException {
    Reply notJson = invoke("orders-fn", "", Map.of(), "not json");
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.errorType()).isEqualTo("InvalidRequestContentException");
    String big = "\"" + "x".repeat(AwsLambdaFake.EVENT_LIMIT) + "\"";
    Reply tooBigForEvent = invoke("orders-fn", "", Map.of("x-amz-invocation-type", "Event"), big);
    assertThat(tooBigForEvent.status()).isEqualTo(413);
    assertThat(tooBigForEvent.errorType()).isEqualTo("RequestTooLargeException");
    assertThat(tooBigForEvent.json().path("message").asText())
        .contains(String.valueOf(AwsLambdaFake.EVENT_LIMIT));
  }

  @Test
  @DisplayName(
      "GetFunctionConfiguration (and GetFunction) report the State and LastUpdateStatus set on the fake, or 403 AccessDeniedException")
  void configuration() throws IOException {
    fake.functionState("Pending", "InProgress");
    Reply reply =
        send(
            fake,
            "GET",
            "/2015-03-31/functions/orders-fn/configuration",
            "Qualifier=3",
            Map.of(),
            new byte[0],
            keys(fake),
            Instant.now());
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().path("State").asText()).isEqualTo("Pending");
    assertThat(reply.json().path("LastUpdateStatus").asText()).isEqualTo("InProgress");
    assertThat(reply.json().path("Version").asText()).isEqualTo("3");
    assertThat(reply.json().path("FunctionArn").asText()).isEqualTo(fake.functionArn() + ":3");
    Reply function =
        send(
            fake,
            "GET",
            "/2015-03-31/functions/orders-fn",
            "",
            Map.of(),
            new byte[0],
            keys(fake),
            Instant.now());
    assertThat(function.json().path("Configuration").path("State").asText()).isEqualTo("Pending");
    assertThat(function.json().path("Code").path("RepositoryType").asText()).isEqualTo("S3");
    fake.denyConfiguration(true);
    Reply denied =
        send(
            fake,
            "GET",
            "/2015-03-31/functions/orders-fn/configuration",
            "",
            Map.of(),
            new byte[0],
            keys(fake),
            Instant.now());
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.errorType()).isEqualTo("AccessDeniedException");
    assertThat(denied.json().path("Message").asText()).contains("lambda:GetFunctionConfiguration");
  }

  // ------------------------------------------------------------------ faults

  @Test
  @DisplayName("faults are answered in Lambda's words, each exception with its message casing")
  void faults() throws IOException {
    String info = event(fake, "GET", Protocol.INFO_PATH);
    Object[][] expected = {
      {PlatformFault.notFound(), 404, "ResourceNotFoundException", "Message"},
      {PlatformFault.unauthorized(), 403, "UnrecognizedClientException", "message"},
      {PlatformFault.forbidden(), 403, "AccessDeniedException", "Message"},
      {PlatformFault.throttled(Duration.ofSeconds(7)), 429, "TooManyRequestsException", "message"},
      {PlatformFault.serverError(), 500, "ServiceException", "Message"},
      {PlatformFault.coldStart(Duration.ofMillis(10)), 502, "ResourceNotReadyException", "message"},
    };
    for (Object[] row : expected) {
      fake.failNext(1, (PlatformFault) row[0]);
      Reply reply = invoke("orders-fn", "", Map.of(), info);
      assertThat(reply.status()).as("%s", row[0]).isEqualTo(row[1]);
      assertThat(reply.errorType()).as("%s", row[0]).isEqualTo(row[2]);
      assertThat(reply.json().has((String) row[3])).as("%s uses key %s", row[0], row[3]).isTrue();
    }
    fake.failNext(1, PlatformFault.throttled(Duration.ofSeconds(7)));
    Reply throttled = invoke("orders-fn", "", Map.of(), info);
    assertThat(throttled.headers()).containsEntry("retry-after", "7");
    assertThat(throttled.json().path("Reason").asText())
        .isEqualTo("ReservedFunctionConcurrentInvocationLimitExceeded");
    fake.failNext(1, PlatformFault.gatewayTimeout());
    assertThat(invoke("orders-fn", "", Map.of(), info).status()).isEqualTo(504);
    fake.failNext(1, PlatformFault.malformedBody());
    Reply garbage = invoke("orders-fn", "", Map.of(), info);
    assertThat(garbage.status()).isEqualTo(200);
    assertThat(garbage.body()).startsWith("<html>");
    fake.failNext(1, PlatformFault.connectionReset());
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () -> invoke("orders-fn", "", Map.of(), info)))
        .isInstanceOf(IOException.class);
    assertThat(fake.recordedCalls())
        .extracting(RecordedCall::fault)
        .contains("Throttled", "ConnectionReset");
  }

  // ------------------------------------------------------------------ Function URL

  @Test
  @DisplayName(
      "a Function URL with AWS_IAM refuses unsigned calls with 403 Forbidden and serves signed ones as HTTP")
  void functionUrlIam() throws IOException {
    String token =
        new TokenSigner(url.function().componentKey()).token(url.function().audience(), "app");
    Map<String, String> headers =
        Map.of("dapr-authorization", "Bearer " + token, "dapr-compute-protocol", "1");
    Reply unsigned =
        send(url, "GET", "/url/status/418", "", headers, new byte[0], null, Instant.now());
    assertThat(unsigned.status()).isEqualTo(403);
    assertThat(unsigned.errorType()).isEqualTo("AccessDeniedException");
    assertThat(unsigned.json().path("Message").asText()).startsWith("Forbidden.");
    Reply signed =
        send(url, "GET", "/url/status/418", "a=1", headers, new byte[0], keys(url), Instant.now());
    assertThat(signed.status()).isEqualTo(418);
    assertThat(signed.headers())
        .containsEntry("dapr-compute-protocol", "1")
        .containsEntry("x-function", "yes");
    assertThat(signed.body()).isEqualTo("status 418");
    assertThat(url.function().received("/status/418"))
        .singleElement()
        .satisfies(r -> assertThat(r.query()).isEqualTo("a=1"));
    url.crashNext(1);
    Reply crashed =
        send(url, "GET", "/url/status/200", "", headers, new byte[0], keys(url), Instant.now());
    assertThat(crashed.status()).isEqualTo(502);
    assertThat(crashed.body()).isEqualTo("Internal Server Error");
    url.failNext(1, PlatformFault.unauthorized());
    assertThat(
            send(url, "GET", "/url/status/200", "", headers, new byte[0], keys(url), Instant.now())
                .json()
                .path("Message")
                .asText())
        .startsWith("Forbidden.");
  }

  @Test
  @DisplayName("a Function URL with NONE serves anyone; the token stays in Authorization")
  void functionUrlNone() throws IOException {
    try (AwsLambdaFake open =
        AwsLambdaFake.startFunctionUrl("orders-fn", AwsLambdaFake.UrlAuth.NONE)) {
      String token =
          new TokenSigner(open.function().componentKey()).token(open.function().audience(), "app");
      Reply reply =
          send(
              open,
              "POST",
              "/url/echo-body",
              "",
              Map.of(
                  "authorization", "Bearer " + token, "content-type", "application/octet-stream"),
              new byte[] {0, 1, 2, (byte) 255},
              null,
              Instant.now());
      assertThat(reply.status()).isEqualTo(200);
      assertThat(open.expectedTokenHeader()).isEqualTo("authorization");
      assertThat(open.component("c").build().fieldNames())
          .contains("mode", "functionUrl", "authType")
          .doesNotContain("accessKey");
    }
  }

  // ------------------------------------------------------------------ registration

  @Test
  @DisplayName(
      "component metadata names the function, region, endpoint, test credentials, key and audience")
  void componentMetadata() {
    ComponentMetadata metadata = fake.component("orders").build();
    assertThat(metadata.type()).isEqualTo("compute.aws.lambda");
    assertThat(metadata.fieldNames())
        .contains(
            "functionName", "region", "endpoint", "accessKey", "secretKey", "key", "audience");
    assertThat(metadata.isSecret("secretKey")).isTrue();
    assertThat(metadata.toString()).doesNotContain(fake.secretAccessKey());
    assertThat(fake.expectedTokenHeader()).isEqualTo("authorization");
    assertThat(url.expectedTokenHeader()).isEqualTo("dapr-authorization");
  }

  @Test
  @DisplayName("PlatformFakes finds the Lambda fake by component type")
  void registered() {
    PlatformFakeFactory factory = PlatformFakes.forType("compute.aws.lambda").orElseThrow();
    try (PlatformFake started = factory.start(ReferenceFunction.create("f"))) {
      assertThat(started).isInstanceOf(AwsLambdaFake.class);
      assertThat(((AwsLambdaFake) started).functionName()).isEqualTo("f");
    }
  }
}
