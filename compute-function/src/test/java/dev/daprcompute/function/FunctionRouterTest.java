package dev.daprcompute.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.daprcompute.api.token.SigningKey;
import dev.daprcompute.api.token.TokenSigner;
import dev.daprcompute.function.token.TokenVerifier;
import dev.daprcompute.protocol.BulkTopicEventEntry;
import dev.daprcompute.protocol.BulkTopicEventRequest;
import dev.daprcompute.protocol.InvokeRequest;
import dev.daprcompute.protocol.InvokeResponse;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.TopicEventRequest;
import dev.daprcompute.protocol.TopicEventResponse;
import dev.daprcompute.protocol.TopicSubscription;
import dev.daprcompute.protocol.internal.Json;
import dev.daprcompute.protocol.wire.WireFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@link FunctionRouter} called directly, as every host calls it. */
@DisplayName("FunctionRouter")
class FunctionRouterTest {
  static final String AUDIENCE = "orders-fn";
  static final String SECRET = "password=hunter2";
  static final SigningKey KEY = SigningKey.generateEd25519();
  static final TokenVerifier VERIFIER =
      TokenVerifier.builder().publicKeys(KEY.publicJwkSet()).audience(AUDIENCE).build();
  static final String TOKEN = new TokenSigner(KEY).token(AUDIENCE, "checkout");

  /**
   * A handler that serves topic {@code orders} at {@code /orders}, and does what {@code behaviour}
   * says.
   */
  static final class Scripted implements FunctionHandler {
    final Function<String, TopicEventResponse> behaviour;
    final BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    final List<TopicSubscription> subscriptions;

    Scripted(Function<String, TopicEventResponse> behaviour, TopicSubscription... subscriptions) {
      this.behaviour = behaviour;
      this.subscriptions =
          subscriptions.length == 0
              ? List.of(TopicSubscription.of("pubsub", "orders", "/orders"))
              : List.of(subscriptions);
    }

    @Override
    public TopicEventResponse onTopicEvent(TopicEventRequest event) {
      seen.add("topic " + event.path() + " " + event.data().toUtf8());
      return behaviour.apply(event.data().toUtf8());
    }

    @Override
    public InvokeResponse onInvoke(InvokeRequest request) throws Exception {
      seen.add("invoke " + request.method());
      return FunctionHandler.super.onInvoke(request);
    }

    @Override
    public List<TopicSubscription> subscriptions() {
      return subscriptions;
    }
  }

  static FunctionRouter router(FunctionHandler handler) {
    return FunctionRouter.builder(handler).verifier(VERIFIER).build();
  }

  static FunctionHttpRequest post(String path, String contentType, byte[] body) {
    return new FunctionHttpRequest(
        "POST",
        path,
        "",
        Metadata.of("authorization", "Bearer " + TOKEN, "content-type", contentType),
        Payload.wrap(body));
  }

  static FunctionHttpRequest event(String path, String data) {
    return post(
        path,
        Protocol.CLOUDEVENTS_JSON,
        WireFormat.writeCloudEvent(
            TopicEventRequest.of("e-1", "pubsub", "orders", Payload.ofUtf8(data), "text/plain")));
  }

  static JsonNode json(FunctionHttpResponse response) throws IOException {
    return Json.MAPPER.readTree(response.body().toByteArray());
  }

  static void assertMarked(FunctionHttpResponse response) {
    assertThat(response.headers().first(Protocol.MARKER_HEADER))
        .hasValue(Integer.toString(Protocol.VERSION));
  }

  @Nested
  @DisplayName("a handler's exception")
  class HandlerExceptions {
    @Test
    @DisplayName(
        "an UnsupportedOperationException from the handler's own code is a 500 (RETRY), never the 404 that drops")
    void unsupportedOperationIsABugNotADrop() throws IOException {
      FunctionRouter router =
          router(
              new Scripted(
                  data -> {
                    List.of().add(data); // an immutable list: UnsupportedOperationException
                    return TopicEventResponse.success();
                  }));

      FunctionHttpResponse response = router.handle(event("/orders", "x"));

      assertThat(response.status()).isEqualTo(500);
      assertMarked(response);
      assertThat(json(response).path("error").asText())
          .contains("java.lang.UnsupportedOperationException");
    }

    @Test
    @DisplayName("any exception is a 500 that names its class and never carries its message")
    void messagesStayInTheFunction() throws IOException {
      for (RuntimeException thrown :
          List.of(
              new IllegalArgumentException(SECRET),
              new IllegalStateException(SECRET),
              new UnsupportedOperationException(SECRET),
              new RuntimeException(SECRET))) {
        FunctionHttpResponse response =
            router(
                    new Scripted(
                        data -> {
                          throw thrown;
                        }))
                .handle(event("/orders", "x"));

        assertThat(response.status()).as(thrown.getClass().getName()).isEqualTo(500);
        assertMarked(response);
        assertThat(response.body().toUtf8())
            .as(thrown.getClass().getName())
            .contains(thrown.getClass().getName())
            .doesNotContain("hunter2");
      }
    }

    @Test
    @DisplayName(
        "an IllegalArgumentException from an invocation handler is a 500 without its message, not a 400")
    void illegalArgumentFromAnInvocation() throws IOException {
      FunctionHandler handler =
          new FunctionHandler() {
            @Override
            public InvokeResponse onInvoke(InvokeRequest request) {
              throw new IllegalArgumentException(SECRET);
            }
          };

      FunctionHttpResponse response =
          router(handler).handle(post("/charge", "text/plain", new byte[0]));

      assertThat(response.status()).isEqualTo(500);
      assertThat(response.body().toUtf8())
          .contains("java.lang.IllegalArgumentException")
          .doesNotContain("hunter2");
    }

    @Test
    @DisplayName("a request the router cannot read is still its own 400")
    void malformedEventIs400() {
      FunctionHttpResponse response =
          router(new Scripted(data -> TopicEventResponse.success()))
              .handle(
                  post("/orders", Protocol.CLOUDEVENTS_JSON, "{\"not\":\"an event\"".getBytes()));

      assertThat(response.status()).isEqualTo(400);
      assertMarked(response);
    }
  }

  @Nested
  @DisplayName("not served")
  class NotServed {
    @Test
    @DisplayName("an invocation the handler does not serve (the default) is 404 with the marker")
    void defaultInvocationIs404() {
      FunctionHttpResponse response =
          router(new FunctionHandler() {}).handle(post("/charge", "text/plain", new byte[0]));

      assertThat(response.status()).isEqualTo(404);
      assertMarked(response);
    }

    @Test
    @DisplayName("a subscribed route without an onTopicEvent (the default) is 404: Dapr's DROP")
    void defaultTopicHandlerIs404() {
      FunctionHandler handler =
          new FunctionHandler() {
            @Override
            public List<TopicSubscription> subscriptions() {
              return List.of(TopicSubscription.of("pubsub", "orders", "/orders"));
            }
          };

      assertThat(router(handler).handle(event("/orders", "x")).status()).isEqualTo(404);
    }

    @Test
    @DisplayName("a handler says 'not served' explicitly with NotServedException")
    void explicitNotServed() throws IOException {
      FunctionHttpResponse response =
          router(
                  new Scripted(
                      data -> {
                        throw new NotServedException("no orders from " + data);
                      }))
              .handle(event("/orders", "mars"));

      assertThat(response.status()).isEqualTo(404);
      assertMarked(response);
      assertThat(json(response).path("error").asText()).isEqualTo("no orders from mars");
    }
  }

  @Nested
  @DisplayName("the default bulk handler")
  class Bulk {
    BulkTopicEventRequest batch(String... data) {
      List<BulkTopicEventEntry> entries = new ArrayList<>();
      for (int i = 0; i < data.length; i++) {
        entries.add(
            new BulkTopicEventEntry(
                "e" + i,
                new BulkTopicEventEntry.CloudEvent(
                    "id-" + i,
                    "Dapr",
                    "com.dapr.event.sent",
                    "1.0",
                    "text/plain",
                    Payload.ofUtf8(data[i]),
                    Map.of()),
                "application/cloudevents+json",
                Map.of()));
      }
      return new BulkTopicEventRequest(
          "b-1", entries, Map.of(), "orders", "pubsub", BulkTopicEventRequest.BULK_TYPE, "/orders");
    }

    @Test
    @DisplayName(
        "retries an entry whose handler threw UnsupportedOperationException, drops only one not served")
    void perEntry() throws IOException {
      FunctionRouter router =
          router(
              new Scripted(
                  data ->
                      switch (data) {
                        case "bug" -> throw new UnsupportedOperationException(SECRET);
                        case "not-served" -> throw new NotServedException("not these");
                        default -> TopicEventResponse.success();
                      }));

      FunctionHttpResponse response =
          router.handle(
              post(
                  "/orders",
                  Protocol.JSON,
                  WireFormat.writeBulk(batch("ok", "bug", "not-served"))));

      assertThat(response.status()).isEqualTo(200);
      assertThat(WireFormat.readBulkStatuses(response.body().toByteArray()))
          .containsEntry("e0", "SUCCESS")
          .containsEntry("e1", "RETRY")
          .containsEntry("e2", "DROP");
      assertThat(response.body().toUtf8()).doesNotContain("hunter2");
    }
  }

  @Nested
  @DisplayName("routes in one normal form")
  class Routes {
    @Test
    @DisplayName(
        "a topic POST whose path a front end re-encoded (%6F for o, lower-case hex) still reaches the topic handler")
    void reencodedRouteIsStillATopic() throws InterruptedException {
      Scripted handler =
          new Scripted(
              data -> TopicEventResponse.success(),
              TopicSubscription.of("pubsub", "orders", "/orders/new%3Aitems"));
      FunctionRouter router = router(handler);

      for (String path :
          List.of("/orders/new%3Aitems", "/%6Frders/new%3aitems", "/%6f%72ders/%6Eew%3Aitems")) {
        FunctionHttpResponse response = router.handle(event(path, "x"));

        assertThat(response.status()).as(path).isEqualTo(200);
        assertThat(handler.seen.take()).as(path).isEqualTo("topic /orders/new%3Aitems x");
      }
    }

    @Test
    @DisplayName("a subscription route written with escapes matches the plain path")
    void escapedSubscriptionRoute() throws InterruptedException {
      Scripted handler =
          new Scripted(
              data -> TopicEventResponse.success(),
              TopicSubscription.of("pubsub", "orders", "/%6Frders"));

      assertThat(router(handler).handle(event("/orders", "x")).status()).isEqualTo(200);
      assertThat(handler.seen.take()).startsWith("topic ");
    }
  }

  @Nested
  @DisplayName("the token, before the body")
  class BeforeBody {
    @Test
    @DisplayName("a request without a valid token is answered 401 from its head alone")
    void rejectedFromTheHead() {
      FunctionRouter router = router(new Scripted(data -> TopicEventResponse.success()));
      FunctionHttpRequest head =
          new FunctionHttpRequest(
              "POST",
              "/orders",
              "",
              Metadata.of("authorization", "Bearer not-a-token", "content-length", "1000"),
              Payload.empty());

      assertThat(router.beforeBody(head))
          .hasValueSatisfying(
              response -> {
                assertThat(response.status()).isEqualTo(401);
                assertMarked(response);
                assertThat(response.headers().first(Protocol.WWW_AUTHENTICATE))
                    .hasValueSatisfying(value -> assertThat(value).contains("invalid_token"));
              });
    }

    @Test
    @DisplayName("a request with a valid token goes on to have its body read")
    void acceptedHeadGoesOn() {
      FunctionRouter router = router(new Scripted(data -> TopicEventResponse.success()));

      assertThat(router.beforeBody(event("/orders", "x"))).isEmpty();
    }
  }
}
