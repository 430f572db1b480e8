package dev.daprcompute.function;

import static dev.daprcompute.protocol.fuzz.ProtocolBodies.CONTENT_TYPES;
import static dev.daprcompute.protocol.fuzz.ProtocolBodies.DELIVERIES;
import static dev.daprcompute.protocol.fuzz.ProtocolBodies.JSON_WORDS;
import static dev.daprcompute.protocol.fuzz.ProtocolBodies.MARKER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.daprcompute.api.token.SigningKey;
import dev.daprcompute.api.token.TokenSigner;
import dev.daprcompute.function.token.TokenVerifier;
import dev.daprcompute.protocol.BindingEventRequest;
import dev.daprcompute.protocol.BindingEventResponse;
import dev.daprcompute.protocol.InvokeRequest;
import dev.daprcompute.protocol.InvokeResponse;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.TopicEventRequest;
import dev.daprcompute.protocol.TopicEventResponse;
import dev.daprcompute.protocol.TopicSubscription;
import dev.daprcompute.protocol.fuzz.Bytes;
import dev.daprcompute.protocol.fuzz.Contract;
import dev.daprcompute.protocol.fuzz.Fuzz;
import dev.daprcompute.protocol.fuzz.Gen;
import dev.daprcompute.protocol.fuzz.JsonText;
import dev.daprcompute.protocol.fuzz.Show;
import dev.daprcompute.protocol.fuzz.Strings;
import dev.daprcompute.protocol.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The function side as a whole, from any request: the router and the Lambda adapter answer every
 * request (they never throw), every answer carries the protocol marker, a handler that never fails
 * never causes a 500, and no error shows the event's data.
 */
@DisplayName(
    "function hosts: any request gets an answer with the marker, and no error shows the event's data")
class RouterPropertiesTest {
  private static final SigningKey KEY = SigningKey.generateEd25519();
  private static final TokenSigner SIGNER = new TokenSigner(KEY);

  /** Succeeds at everything: whatever goes wrong is the host's. */
  private static final FunctionHandler HANDLER =
      new FunctionHandler() {
        @Override
        public InvokeResponse onInvoke(InvokeRequest request) {
          return InvokeResponse.ok(Payload.ofUtf8("ok"), "text/plain");
        }

        @Override
        public TopicEventResponse onTopicEvent(TopicEventRequest event) {
          return TopicEventResponse.success();
        }

        @Override
        public BindingEventResponse onBindingEvent(BindingEventRequest event) {
          return BindingEventResponse.of(Payload.empty());
        }

        @Override
        public List<TopicSubscription> subscriptions() {
          return List.of(TopicSubscription.of("pubsub", "orders", "/orders"));
        }

        @Override
        public List<String> inputBindings() {
          return List.of("cron");
        }
      };

  private static final FunctionRouter ROUTER =
      FunctionRouter.builder(HANDLER)
          .verifier(
              TokenVerifier.builder().publicKeys(KEY.publicKeyPem()).audience("orders-fn").build())
          .build();

  /** A request as a host would hand it over. */
  record Request(String method, String path, String query, List<String> headers, byte[] body) {
    FunctionHttpRequest toHttp() {
      Metadata.Builder metadata = Metadata.builder();
      for (int i = 0; i + 1 < headers.size(); i += 2) {
        metadata.add(
            headers.get(i),
            headers.get(i + 1).replace("$TOKEN", SIGNER.token("orders-fn", "checkout")));
      }
      return new FunctionHttpRequest(method, path, query, metadata.build(), Payload.wrap(body));
    }

    @Override
    public String toString() {
      return method + " " + path + "?" + query + " " + headers + " " + Show.value(body);
    }
  }

  private static final Gen<List<String>> HEADERS =
      Gen.zip(
          Gen.elementOf(
              List.of(
                  "Bearer $TOKEN",
                  "Bearer $TOKEN",
                  "Bearer $TOKEN",
                  "bearer $TOKEN",
                  "Bearer x.y.z",
                  "",
                  "Basic " + MARKER)),
          Gen.elementOf(CONTENT_TYPES),
          Gen.elementOf(List.of("authorization", "dapr-authorization")),
          (token, contentType, name) ->
              List.of(name, token, "content-type", contentType, "traceparent", "00-ab-01"));

  private static final Gen<Request> REQUESTS =
      Gen.zip(
          Gen.zip(
              Gen.elementOf(
                  List.of(
                      "POST", "POST", "GET", "PUT", "DELETE", "OPTIONS", "PATCH", "HEAD", "BREW",
                      "post")),
              Gen.oneOf(
                  Gen.elementOf(
                      List.of(
                          "/orders",
                          "/orders",
                          "/cron",
                          "/.well-known/dapr/info",
                          "/dapr/subscribe",
                          "/orders/",
                          "//orders",
                          "/ORDERS",
                          "/%6Frders",
                          "/../orders",
                          "/a%2Fb")),
                  Strings.any(12)),
              Gen.elementOf(List.of("", "a=1", "a=%zz", "#", "\r\n")),
              List::of),
          HEADERS,
          DELIVERIES,
          (line, headers, body) ->
              new Request(line.get(0), line.get(1), line.get(2), headers, body));

  private static void checkAnswer(FunctionHttpResponse answer) throws Exception {
    assertThat(answer.headers().first(Protocol.MARKER_HEADER)).as("the marker").isPresent();
    assertThat(answer.status())
        .as("a handler that never fails causes no 500")
        .isNotEqualTo(500)
        .isBetween(200, 599);
    Contract.assertNoSecret(
        answer.body().toUtf8(), Set.of(MARKER), "the body of a " + answer.status());
    if (answer.status() == 400) {
      JsonNode error = Json.MAPPER.readTree(answer.body().unsafeArray());
      assertThat(error.path("error").asText()).isNotBlank();
    }
  }

  @Test
  @DisplayName(
      "FunctionRouter answers any request, with the marker, never with a 500 for a handler that never fails")
  void router() {
    Fuzz.forAll(
        1_500,
        REQUESTS,
        request -> {
          FunctionHttpRequest http;
          try {
            http = request.toHttp();
          } catch (NullPointerException | IllegalArgumentException notARequest) {
            return; // no host hands such a request over
          }
          FunctionHttpResponse answer =
              Contract.resultOr(List.of(), Set.of(MARKER), () -> ROUTER.handle(http)).get();
          checkAnswer(answer);
          if (request.headers().get(1).isEmpty() || request.headers().get(1).contains(MARKER)) {
            assertThat(answer.status()).isEqualTo(401);
          }
        });
  }

  private static final String V2_EVENT =
      "{\"version\":\"2.0\",\"routeKey\":\"$default\",\"rawPath\":\"/orders\","
          + "\"rawQueryString\":\"a=1\",\"cookies\":[\"c=1\"],\"headers\":{\"authorization\":\"Bearer $TOKEN\","
          + "\"content-type\":\"application/cloudevents+json\",\"x-forwarded-for\":\"10.0.0.1\"},"
          + "\"requestContext\":{\"domainName\":\"orders-fn\",\"http\":{\"method\":\"POST\",\"path\":\"/orders\","
          + "\"protocol\":\"HTTP/1.1\"},\"requestId\":\"r1\",\"timeEpoch\":1700000000000},\"body\":"
          + JsonText.quote(
              new String(
                  Bytes.utf8(
                          Gen.constant(
                              dev.daprcompute.protocol.fuzz.ProtocolBodies.CLOUD_EVENTS.get(0)))
                      .next(new java.util.Random(0)),
                  StandardCharsets.UTF_8))
          + ",\"isBase64Encoded\":false}";

  @Test
  @DisplayName(
      "LambdaFunctionAdapter answers any event with a v2.0 response that carries the marker")
  void lambdaAdapter() {
    LambdaFunctionAdapter adapter = new LambdaFunctionAdapter(ROUTER);
    List<String> words = new java.util.ArrayList<>(JSON_WORDS);
    words.addAll(
        List.of(
            "\"isBase64Encoded\":true",
            "\"version\":\"1.0\"",
            "\"headers\":",
            "\"rawPath\":",
            "\"requestContext\":",
            "\"method\":",
            "\"body\":",
            "\"cookies\":"));
    Gen<String> events =
        Gen.oneOf(
            Strings.mutate(Gen.constant(V2_EVENT), words),
            Strings.mutate(Gen.constant(V2_EVENT), words),
            JsonText.objectOf(
                List.of(
                    "version",
                    "rawPath",
                    "rawQueryString",
                    "headers",
                    "cookies",
                    "requestContext",
                    "http",
                    "method",
                    "body",
                    "isBase64Encoded"),
                3),
            Strings.any(40));
    Fuzz.forAll(
        1_500,
        events,
        event -> {
          String withToken = event.replace("$TOKEN", SIGNER.token("orders-fn", "checkout"));
          String answer =
              Contract.resultOr(List.of(), Set.of(MARKER), () -> adapter.handle(withToken)).get();
          JsonNode response = Json.MAPPER.readTree(answer);
          assertThat(response.path("statusCode").isInt()).isTrue();
          assertThat(response.path("statusCode").asInt()).isNotEqualTo(500);
          assertThat(
                  response
                      .path("headers")
                      .path(Protocol.MARKER_HEADER.toLowerCase(java.util.Locale.ROOT))
                      .isTextual())
              .as("the marker in %s", answer)
              .isTrue();
          assertThat(response.path("body").isTextual()).isTrue();
          Contract.assertNoSecret(answer, Set.of(MARKER), "the v2.0 response");
        });
  }
}
