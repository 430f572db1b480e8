package dev.daprcompute.aws.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.daprcompute.api.ProtocolViolationException;
import dev.daprcompute.api.spi.FunctionRequest;
import dev.daprcompute.api.spi.Operation;
import dev.daprcompute.api.spi.PlatformResponse;
import dev.daprcompute.api.spi.PlatformResponse.PlatformError;
import dev.daprcompute.api.spi.Redaction;
import dev.daprcompute.function.FunctionHttpRequest;
import dev.daprcompute.function.FunctionHttpResponse;
import dev.daprcompute.function.LambdaFunctionAdapter;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.fuzz.Bytes;
import dev.daprcompute.protocol.fuzz.Contract;
import dev.daprcompute.protocol.fuzz.Fuzz;
import dev.daprcompute.protocol.fuzz.Gen;
import dev.daprcompute.protocol.fuzz.JsonText;
import dev.daprcompute.protocol.fuzz.Show;
import dev.daprcompute.protocol.fuzz.Strings;
import dev.daprcompute.protocol.internal.SafePaths;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The Lambda v2.0 envelope and Lambda's error bodies, from anything: a function's return value
 * reads as its answer or a {@link ProtocolViolationException}; what the component writes reaches
 * the function through compute-function's adapter unchanged, and what the function answers comes
 * back unchanged; an error body of any shape is decoded without throwing, and credentials in it
 * never reach a message.
 */
@DisplayName(
    "the Lambda envelope and Lambda's errors: any body ends in an answer or a clear error, and round trips are exact")
class LambdaPropertiesTest {
  private static final ObjectMapper EXACT =
      JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

  private static final String RESPONSE =
      "{\"statusCode\":201,\"headers\":{\"content-type\":\"application/json\","
          + "\"dapr-compute-protocol\":\"1\",\"x-multi\":\"a, b\"},\"cookies\":[\"s=1\"],\"body\":\"{\\\"ok\\\":true}\","
          + "\"isBase64Encoded\":false}";

  private static final List<String> WORDS =
      List.of(
          "{",
          "}",
          "[",
          "]",
          ",",
          ":",
          "\"",
          "null",
          "true",
          "\"statusCode\":",
          "\"headers\":",
          "\"cookies\":",
          "\"body\":",
          "\"isBase64Encoded\":true",
          "200",
          "\"200\"",
          "4294967496",
          "-1",
          "99999999999999999999",
          "600",
          "99",
          "2.5e2",
          "\"AAAA\"",
          "\"!!\"",
          "{\"a\":[1]}");

  @Test
  @DisplayName(
      "a function's return value reads as its answer, with the status it says, or as a clear protocol violation")
  void returnValues() {
    Gen<String> returned =
        Gen.oneOf(
            Strings.mutate(Gen.constant(RESPONSE), WORDS),
            Strings.mutate(Gen.constant(RESPONSE), WORDS),
            JsonText.objectOf(
                List.of("statusCode", "headers", "cookies", "body", "isBase64Encoded"),
                2,
                Strings.unicode(10)),
            JsonText.value(2, List.of("statusCode")),
            Strings.any(30));
    Fuzz.forAll(
        2_000,
        returned,
        text -> {
          byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
          Contract.Ending<PlatformResponse> read =
              Contract.resultOr(
                  ProtocolViolationException.class,
                  Set.of(),
                  () -> LambdaEnvelopeTest.read(LambdaEnvelopeTest.TRANSPORT, bytes));
          if (!read.returned() || read.get().platformError() != null) {
            return; // not JSON at all: Lambda's own answer, not the function's
          }
          PlatformResponse answer = read.get();
          JsonNode value = EXACT.readTree(bytes);
          JsonNode statusCode = value.isObject() ? value.get("statusCode") : null;
          Integer said = null;
          if (statusCode != null
              && statusCode.isIntegralNumber()
              && statusCode.bigIntegerValue().compareTo(BigInteger.valueOf(100)) >= 0
              && statusCode.bigIntegerValue().compareTo(BigInteger.valueOf(599)) <= 0) {
            said = statusCode.intValue();
          } else if (statusCode != null
              && statusCode.isTextual()
              && statusCode.textValue().matches("[1-5]\\d\\d")) {
            said = Integer.parseInt(statusCode.textValue());
          }
          if (said != null) {
            assertThat(answer.status()).as("the status the function said").isEqualTo(said);
          } else {
            // Not a response object: the whole value is a 200 JSON answer, byte for byte.
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body().unsafeArray()).isEqualTo(bytes);
          }
        });
  }

  /** A request the component sends, and the answer the function gives. */
  record Exchange(FunctionRequest request, FunctionHttpResponse answer) {
    @Override
    public String toString() {
      return request.verb()
          + " "
          + request.pathAndQuery()
          + " "
          + request.headers().asMap()
          + " "
          + Show.value(request.body().toByteArray())
          + " -> "
          + answer.status()
          + " "
          + answer.headers().asMap()
          + " "
          + Show.value(answer.body().toByteArray());
    }
  }

  private static final String TOKEN_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789-_";

  private static final Gen<Map<String, List<String>>> HEADERS =
      Gen.lists(
              Gen.zip(
                  Gen.oneOf(
                      Strings.of(TOKEN_CHARS, 1, 10).map(n -> "x-" + n),
                      Gen.elementOf(
                          List.of(
                              "x-multi",
                              "cookie",
                              "user-agent",
                              "x-forwarded-for",
                              "traceparent"))),
                  Strings.of(Strings.PRINTABLE, 0, 20),
                  Map::entry),
              0,
              6)
          .map(
              entries -> {
                Map<String, List<String>> headers = new LinkedHashMap<>();
                entries.forEach(
                    e ->
                        headers
                            .computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                            .add(e.getValue()));
                return headers;
              });

  private static final Gen<String> CONTENT_TYPES =
      Gen.elementOf(
          List.of(
              "",
              "application/json",
              "text/plain",
              "application/octet-stream",
              "application/cloudevents+json",
              "image/png",
              "text/html; charset=utf-8",
              "application/x-www-form-urlencoded"));

  private static final Gen<Payload> BODIES =
      Gen.oneOf(
          Gen.constant(Payload.empty()),
          Strings.unicode(40).map(Payload::ofUtf8),
          Bytes.any(40).map(Payload::wrap),
          JsonText.value(2, List.of("a"), Strings.unicode(8)).map(Payload::ofUtf8));

  private static Metadata metadata(Map<String, List<String>> headers, String contentType) {
    Metadata.Builder out = Metadata.builder();
    headers.forEach((name, values) -> values.forEach(v -> out.add(name, v)));
    if (!contentType.isEmpty()) {
      out.set("content-type", contentType);
    }
    return out.build();
  }

  private static final Gen<FunctionRequest> REQUESTS =
      Gen.zip(
          Gen.zip(
              Gen.elementOf(List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS")),
              Strings.any(16).map(LambdaPropertiesTest::path),
              Gen.elementOf(List.of("", "a=1", "a=1&b=two%20words", "x=%zz&x=2", "=", "&&", "k")),
              List::of),
          Gen.zip(HEADERS, CONTENT_TYPES, LambdaPropertiesTest::metadata),
          BODIES,
          (line, headers, body) ->
              new FunctionRequest(
                  Operation.INVOKE, line.get(0), line.get(1), line.get(2), headers, body));

  private static String path(String method) {
    try {
      return SafePaths.normalize(method);
    } catch (IllegalArgumentException unsafe) {
      return "/orders";
    }
  }

  private static final Gen<FunctionHttpResponse> ANSWERS =
      Gen.zip(
          Gen.ints(100, 599),
          Gen.zip(
              HEADERS.map(
                  h -> {
                    Map<String, List<String>> answer = new LinkedHashMap<>(h);
                    answer.remove("cookie");
                    return answer;
                  }),
              CONTENT_TYPES,
              LambdaPropertiesTest::metadata),
          BODIES,
          (status, headers, body) ->
              new FunctionHttpResponse(
                  status,
                  headers.toBuilder()
                      .add("set-cookie", "s=1")
                      .set("dapr-compute-protocol", "1")
                      .build(),
                  body));

  @Test
  @DisplayName(
      "what the component writes reaches the function unchanged, and what the function answers comes back unchanged")
  void roundTrips() {
    Fuzz.forAll(
        1_000,
        Gen.zip(REQUESTS, ANSWERS, Exchange::new),
        exchange -> {
          FunctionRequest request = exchange.request();
          AtomicReference<FunctionHttpRequest> seen = new AtomicReference<>();
          LambdaFunctionAdapter adapter =
              new LambdaFunctionAdapter(
                  r -> {
                    seen.set(r);
                    return exchange.answer();
                  });
          byte[] event = LambdaEnvelopeTest.event(LambdaEnvelopeTest.TRANSPORT, request);
          String returned = adapter.handle(new String(event, StandardCharsets.UTF_8));

          FunctionHttpRequest got = seen.get();
          assertThat(got).as("the function was called").isNotNull();
          assertThat(got.method()).isEqualTo(request.verb());
          assertThat(got.path()).isEqualTo(request.path());
          assertThat(got.rawQuery()).isEqualTo(request.rawQuery());
          assertThat(got.body().unsafeArray())
              .as("the request body")
              .isEqualTo(request.body().unsafeArray());
          request
              .headers()
              .asMap()
              .forEach(
                  (name, values) -> {
                    if (name.equals("cookie")) {
                      List<String> cookies = new ArrayList<>();
                      values.forEach(
                          v ->
                              List.of(v.split(";")).stream()
                                  .filter(c -> !c.isBlank())
                                  .map(String::strip)
                                  .forEach(cookies::add));
                      assertThat(got.headers().first("cookie").orElse(""))
                          .isEqualTo(String.join("; ", cookies));
                    } else {
                      assertThat(got.headers().all(name))
                          .as("header %s", name)
                          .containsExactly(String.join(",", values));
                    }
                  });

          PlatformResponse reply =
              LambdaEnvelopeTest.read(
                  LambdaEnvelopeTest.TRANSPORT, returned.getBytes(StandardCharsets.UTF_8));
          FunctionHttpResponse answer = exchange.answer();
          assertThat(reply.status()).isEqualTo(answer.status());
          assertThat(reply.body().unsafeArray())
              .as("the answer body")
              .isEqualTo(answer.body().unsafeArray());
          answer
              .headers()
              .asMap()
              .forEach(
                  (name, values) ->
                      assertThat(reply.headers().all(name))
                          .as("header %s", name)
                          .containsExactlyElementsOf(
                              name.equals("set-cookie")
                                  ? values
                                  : List.of(String.join(",", values))));
        });
  }

  // ------------------------------------------------------------------ Lambda's own errors

  /**
   * Credentials as AWS echoes them: a session token, a signature, credential scope, a bearer token,
   * a JWT.
   */
  private static final List<String> SECRETS =
      List.of(
          "IQoJb3JpZ2luX2VjEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUu",
          "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7",
          "eyJhbGciOiJFZERTQSJ9.eyJhdWQiOiJvcmRlcnMifQ.c2lnbmF0dXJlc2lnbmF0dXJl");

  private static final List<String> FRAMES =
      List.of(
          "X-Amz-Security-Token: %s",
          "x-amz-security-token:%s",
          "Signature=%s",
          "Credential=%s",
          "Authorization: Bearer %s",
          "token %s.",
          "The token %s is invalid",
          "%s",
          "'%s'",
          "(%s)",
          "\"%s\"");

  private static final Gen<String> MESSAGES =
      Gen.zip(
          Gen.elementOf(FRAMES),
          Gen.elementOf(SECRETS),
          Gen.zip(Strings.unicode(30), Strings.unicode(30), List::of),
          (frame, secret, around) -> around.get(0) + String.format(frame, secret) + around.get(1));

  private static final Gen<String> ERROR_BODIES =
      Gen.rarely(
          Gen.oneOf(
              MESSAGES.map(
                  m ->
                      "{\"__type\":\"com.amazon.coral.service#InvalidSignatureException\",\"message\":"
                          + JsonText.quote(m)
                          + "}"),
              MESSAGES.map(
                  m ->
                      "{\"Type\":\"User\",\"Message\":"
                          + JsonText.quote(m)
                          + ",\"Reason\":"
                          + JsonText.quote(m)
                          + "}"),
              MESSAGES.map(
                  m ->
                      "{\"errorType\":"
                          + JsonText.quote(m)
                          + ",\"errorMessage\":"
                          + JsonText.quote(m)
                          + "}"),
              MESSAGES,
              Strings.mutate(MESSAGES.map(m -> "{\"message\":" + JsonText.quote(m) + "}"), WORDS),
              JsonText.objectOf(
                  List.of("__type", "message", "Message", "Reason", "errorType", "errorMessage"),
                  2)),
          Gen.oneOf(
              Strings.longRuns(List.of("eyJ", "a", "Signature=", "x-amz-security-token:", "0")),
              Strings.longRuns(List.of("eyJ", "a", "a1", "eyJa."))
                  .map(
                      m ->
                          "{\"errorType\":\"E\",\"errorMessage\":\""
                              + m
                              + "\",\"message\":\""
                              + m
                              + "\"}")),
          30);

  @Test
  @DisplayName(
      "an error body of any shape is decoded without throwing, and no credential in it reaches the message")
  void errors() {
    Gen<String> types =
        Gen.oneOf(
            Gen.elementOf(
                List.of(
                    "",
                    "ResourceNotFoundException",
                    "InvalidSignatureException:http://internal.amazon.com/coral/",
                    "Unhandled")),
            MESSAGES);
    Fuzz.forAll(
        1_500,
        Gen.zip(Gen.zip(Gen.ints(100, 599), types, Map::entry), ERROR_BODIES, Map::entry),
        reply -> {
          int status = reply.getKey().getKey();
          String type = reply.getKey().getValue();
          byte[] body = reply.getValue().getBytes(StandardCharsets.UTF_8);
          Set<String> secrets = Set.copyOf(SECRETS);
          Metadata headers =
              type.isEmpty() ? Metadata.empty() : Metadata.of("x-amzn-ErrorType", type);
          PlatformError service =
              Contract.resultOr(
                      List.of(), secrets, () -> LambdaErrors.serviceError(status, headers, body))
                  .get();
          if (service != null) {
            Contract.assertNoSecret(service.message(), secrets, "the service error's message");
            Contract.assertNoSecret(service.code(), secrets, "the service error's code");
            assertThat(service.message().length()).isLessThanOrEqualTo(620);
          }
          PlatformError crash =
              Contract.resultOr(List.of(), secrets, () -> LambdaErrors.functionError(type, body))
                  .get();
          Contract.assertNoSecret(crash.message(), secrets, "the function error's message");
          Contract.assertNoSecret(crash.code(), secrets, "the function error's type");
          String excerpt =
              Contract.resultOr(
                      List.of(), secrets, () -> Redaction.excerpt(headers, Payload.wrap(body)))
                  .get();
          Contract.assertNoSecret(excerpt, secrets, "the excerpt");
          assertThat(excerpt.length()).isLessThanOrEqualTo(163);
        });
  }
}
