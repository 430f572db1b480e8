package dev.daprcompute.examples.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.daprcompute.api.token.SigningKey;
import dev.daprcompute.api.token.TokenSigner;
import dev.daprcompute.function.FunctionRouter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The example handler on a real Function URL v2.0 event (the payload AWS documents), as Lambda
 * calls it.
 */
class HandlerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SigningKey COMPONENT_KEY = SigningKey.generateEd25519();

  private static String event(String token) throws IOException {
    try (InputStream in = HandlerTest.class.getResourceAsStream("/function-url-event.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${TOKEN}", token);
    }
  }

  private static JsonNode call(Handler handler, String event) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
    return JSON.readTree(out.toByteArray());
  }

  private static Handler handler() {
    return new Handler(
        Map.of(
            "DAPR_COMPUTE_PUBLIC_KEY",
            COMPONENT_KEY.publicKeyPem(),
            "AWS_LAMBDA_FUNCTION_NAME",
            "orders-fn"));
  }

  @Test
  @DisplayName(
      "a v2.0 event with the component's token is invoked: the base64 body arrives, a v2.0 response comes back")
  void invokes() throws IOException {
    String token = new TokenSigner(COMPONENT_KEY).token("orders-fn", "checkout");
    JsonNode response = call(handler(), event(token));
    assertThat(response.path("statusCode").asInt()).isEqualTo(200);
    assertThat(response.path("headers").path("dapr-compute-protocol").asText()).isEqualTo("1");
    assertThat(response.path("headers").path("content-type").asText())
        .startsWith("application/json");
    assertThat(JSON.readTree(response.path("body").asText()).path("greeting").asText())
        .isEqualTo("hello, Dapr");
  }

  @Test
  @DisplayName(
      "the info document announces the version, the orders-queue binding, and the subscription list")
  void infoAndSubscriptions() throws IOException {
    String token = new TokenSigner(COMPONENT_KEY).token("orders-fn", "checkout");
    ObjectNode info = (ObjectNode) JSON.readTree(event(token));
    info.put("rawPath", "/.well-known/dapr/info");
    ((ObjectNode) info.path("requestContext").path("http")).put("method", "GET");
    info.put("body", "");
    info.put("isBase64Encoded", false);
    JsonNode document = JSON.readTree(call(handler(), info.toString()).path("body").asText());
    assertThat(document.path("version").asText()).isEqualTo(FunctionRouter.SDK_VERSION);
    assertThat(document.path("inputBindings").get(0).asText()).isEqualTo("orders-queue");
  }

  @Test
  @DisplayName("a token for another audience, or none, is answered 401 invalid_token")
  void rejectsForeignTokens() throws IOException {
    String wrongAudience = new TokenSigner(COMPONENT_KEY).token("another-fn", "checkout");
    JsonNode response = call(handler(), event(wrongAudience));
    assertThat(response.path("statusCode").asInt()).isEqualTo(401);
    assertThat(response.path("headers").path("www-authenticate").asText())
        .contains("invalid_token");
    String stranger = new TokenSigner(SigningKey.generateEd25519()).token("orders-fn", "checkout");
    assertThat(call(handler(), event(stranger)).path("statusCode").asInt()).isEqualTo(401);
  }

  @Test
  @DisplayName(
      "DAPR_COMPUTE_AUDIENCE overrides the function name; a missing public key is a clear start-up error")
  void configuration() throws IOException {
    Handler custom =
        new Handler(
            Map.of(
                "DAPR_COMPUTE_PUBLIC_KEY",
                COMPONENT_KEY.publicJwkSet(),
                "DAPR_COMPUTE_AUDIENCE",
                "orders",
                "AWS_LAMBDA_FUNCTION_NAME",
                "orders-fn"));
    assertThat(
            call(custom, event(new TokenSigner(COMPONENT_KEY).token("orders", "checkout")))
                .path("statusCode")
                .asInt())
        .isEqualTo(200);
    assertThatThrownBy(() -> new Handler(Map.of("AWS_LAMBDA_FUNCTION_NAME", "orders-fn")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("DAPR_COMPUTE_PUBLIC_KEY");
  }
}
