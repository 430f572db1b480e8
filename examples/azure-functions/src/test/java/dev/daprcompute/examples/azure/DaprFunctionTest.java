package dev.daprcompute.examples.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.functions.ExecutionContext;
import dev.daprcompute.api.token.SigningKey;
import dev.daprcompute.api.token.TokenSigner;
import dev.daprcompute.function.FunctionRouter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.logging.Logger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The example function as the Java worker calls it: {@link DaprFunction#run} with the trigger's
 * request (a small implementation of {@code HttpRequestMessage}), through the router, with a token
 * the component's key signed.
 */
@DisplayName("The Azure Functions example, through the router with a real token")
class DaprFunctionTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SigningKey COMPONENT_KEY = SigningKey.generateEd25519();
  private static final String APP = "https://orders-app.azurewebsites.net";
  private static final ExecutionContext CONTEXT =
      new ExecutionContext() {
        @Override
        public Logger getLogger() {
          return Logger.getLogger("dapr");
        }

        @Override
        public String getInvocationId() {
          return "4b9f0e3a-3c3d-4b52-9a2a-7f0f3f1d2c11";
        }

        @Override
        public String getFunctionName() {
          return DaprFunction.NAME;
        }
      };

  private static DaprFunction function() {
    return new DaprFunction(Map.of("DAPR_COMPUTE_PUBLIC_KEY", COMPONENT_KEY.publicKeyPem()));
  }

  /**
   * The headers a component sends: its token, and the function key the host has already checked.
   */
  private static Map<String, String> headers(String audience) {
    return Map.of(
        "authorization",
        "Bearer " + new TokenSigner(COMPONENT_KEY).token(audience, "checkout"),
        "x-functions-key",
        "the-function-key",
        "dapr-compute-protocol",
        "1");
  }

  private static TriggerRequest.Response call(DaprFunction function, TriggerRequest request) {
    return (TriggerRequest.Response) function.run(request, CONTEXT);
  }

  private static JsonNode json(TriggerRequest.Response response) throws IOException {
    return JSON.readTree(response.bytes());
  }

  @Test
  @DisplayName(
      "the info call below /api/dapr is answered with the marker, the SDK's version and the input binding")
  void info() throws IOException {
    TriggerRequest.Response response =
        call(
            function(),
            TriggerRequest.get(APP + "/api/dapr/.well-known/dapr/info", headers("dapr")));
    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(response.getHeader("dapr-compute-protocol")).isEqualTo("1");
    JsonNode info = json(response);
    assertThat(info.path("version").asText()).isEqualTo(FunctionRouter.SDK_VERSION);
    assertThat(info.path("inputBindings").get(0).asText()).isEqualTo("restock");
  }

  @Test
  @DisplayName(
      "an invocation's path and query arrive below the base path; ASP.NET's case-insensitive route too")
  void invoke() throws IOException {
    TriggerRequest.Response response =
        call(
            function(),
            TriggerRequest.get(APP + "/API/Dapr/stock/sku-42?fresh=1", headers("dapr")));
    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(response.getHeader("content-type")).startsWith("application/json");
    assertThat(json(response).path("sku").asText()).isEqualTo("sku-42");
    assertThat(
            call(function(), TriggerRequest.get(APP + "/api/dapr/price/sku-42", headers("dapr")))
                .getStatusCode())
        .as("a method the function does not serve")
        .isEqualTo(404);
  }

  @Test
  @DisplayName("a topic event and a binding event with a binary body reach their handlers")
  void events() throws IOException {
    byte[] event =
        ("{\"specversion\":\"1.0\",\"id\":\"o-1\",\"source\":\"checkout\",\"type\":\"com.dapr.event.sent\","
                + "\"topic\":\"orders\",\"pubsubname\":\"pubsub\",\"datacontenttype\":\"application/json\",\"data\":{\"n\":1}}")
            .getBytes(StandardCharsets.UTF_8);
    Map<String, String> cloudEvent = new java.util.HashMap<>(headers("dapr"));
    cloudEvent.put("content-type", "application/cloudevents+json");
    TriggerRequest.Response topic =
        call(function(), TriggerRequest.post(APP + "/api/dapr/orders", cloudEvent, event));
    assertThat(topic.getStatusCode()).isEqualTo(200);
    assertThat(json(topic).path("status").asText()).isEqualTo("SUCCESS");

    byte[] binary = {0, (byte) 0xff, 7, 0, 42};
    TriggerRequest.Response binding =
        call(function(), TriggerRequest.post(APP + "/api/dapr/restock", headers("dapr"), binary));
    assertThat(binding.getStatusCode()).isEqualTo(200);
    assertThat(new String(binding.bytes(), StandardCharsets.UTF_8))
        .isEqualTo("restocked from 5 bytes");
  }

  @Test
  @DisplayName(
      "a token for another audience, or none, is answered 401 invalid_token with the marker")
  void rejectsForeignTokens() {
    TriggerRequest.Response wrongAudience =
        call(function(), TriggerRequest.get(APP + "/api/dapr/stock/a", headers("orders-app")));
    assertThat(wrongAudience.getStatusCode()).isEqualTo(401);
    assertThat(wrongAudience.getHeader("www-authenticate")).contains("invalid_token");
    assertThat(wrongAudience.getHeader("dapr-compute-protocol")).isEqualTo("1");
    assertThat(
            call(
                    function(),
                    TriggerRequest.get(APP + "/api/dapr/stock/a", Map.of("x-functions-key", "k")))
                .getStatusCode())
        .isEqualTo(401);
  }

  @Test
  @DisplayName(
      "DAPR_COMPUTE_AUDIENCE and DAPR_COMPUTE_BASE_PATH override the defaults; a path outside the base is a marked 500")
  void settings() throws IOException {
    DaprFunction custom =
        new DaprFunction(
            Map.of(
                "DAPR_COMPUTE_PUBLIC_KEY",
                COMPONENT_KEY.publicJwkSet(),
                "DAPR_COMPUTE_AUDIENCE",
                "orders",
                "DAPR_COMPUTE_BASE_PATH",
                "/dapr/"));
    assertThat(
            call(custom, TriggerRequest.get(APP + "/dapr/.well-known/dapr/info", headers("orders")))
                .getStatusCode())
        .isEqualTo(200);
    TriggerRequest.Response outside =
        call(
            custom, TriggerRequest.get(APP + "/api/dapr/.well-known/dapr/info", headers("orders")));
    assertThat(outside.getStatusCode()).isEqualTo(500);
    assertThat(outside.getHeader("dapr-compute-protocol")).isEqualTo("1");
    assertThat(json(outside).path("error").asText()).contains("DAPR_COMPUTE_BASE_PATH");
  }

  @Test
  @DisplayName("a missing DAPR_COMPUTE_PUBLIC_KEY is a clear error naming the app setting")
  void missingPublicKey() {
    assertThatThrownBy(() -> new DaprFunction(Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("DAPR_COMPUTE_PUBLIC_KEY")
        .hasMessageContaining("app setting");
  }
}
