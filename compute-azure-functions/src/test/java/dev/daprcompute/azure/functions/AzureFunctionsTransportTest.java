package dev.daprcompute.azure.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.Compute;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeInitException;
import dev.daprcompute.api.ComputeProvider;
import dev.daprcompute.api.ComputeProviders;
import dev.daprcompute.api.ComputeRequestException;
import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.api.spi.FunctionRequest;
import dev.daprcompute.api.spi.Operation;
import dev.daprcompute.api.spi.PlatformResponse;
import dev.daprcompute.api.spi.PlatformResponse.PlatformError;
import dev.daprcompute.api.spi.PlatformTransport;
import dev.daprcompute.api.token.SigningKey;
import dev.daprcompute.protocol.InfoDocument;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.wire.WireFormat;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Request;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The transport on its own: the 100 MB boundary, how replies read, caCertificate, and keys kept out
 * of sight.
 */
@DisplayName("compute.azure.functions' transport")
class AzureFunctionsTransportTest {
  private static final SigningKey KEY = SigningKey.generateEd25519();
  private static final ComputeProvider PROVIDER =
      ComputeProviders.provider(new AzureFunctionsPlatformProvider());

  private static ComponentMetadata.Builder metadata(String endpoint) {
    return ComponentMetadata.builder("orders", AzureFunctionsPlatformProvider.TYPE)
        .put("endpoint", endpoint)
        .putSecret("functionKey", "the-function-key")
        .putSecret("key", KEY.privateKeyPem());
  }

  private static PlatformTransport transport(ComponentMetadata metadata) {
    return new AzureFunctionsPlatformProvider().transport(metadata, ComputeContext.defaults());
  }

  private static PlatformTransport transport() {
    return transport(metadata("https://orders-app.azurewebsites.net/api/dapr").build());
  }

  private static FunctionRequest post(Payload body) {
    return new FunctionRequest(
        Operation.INVOKE, "POST", "/orders", "", Metadata.of("content-type", "text/plain"), body);
  }

  private static PlatformResponse reply(int status, Metadata headers, String body) {
    return transport()
        .fromHttpResponse(post(Payload.empty()), status, headers, Payload.ofUtf8(body));
  }

  @Test
  @DisplayName("a body of exactly 100 MB (104,857,600 bytes) is sent; one byte more is refused")
  void hundredMegabyteBoundary() throws IOException {
    PlatformTransport transport = transport();
    int limit = (int) AzureFunctionsPlatformProvider.MAX_REQUEST_BODY;
    Request request = transport.toHttpRequest(post(Payload.wrap(new byte[limit])));
    assertThat(request.body().contentLength()).isEqualTo(104_857_600L);
    assertThatThrownBy(() -> transport.toHttpRequest(post(Payload.wrap(new byte[limit + 1]))))
        .isInstanceOf(ComputeRequestException.class)
        .hasMessageContaining("POST /orders")
        .hasMessageContaining("limit of 100 MB")
        .hasMessageContaining("by reference");
  }

  @Test
  @DisplayName(
      "the request goes below the endpoint with the key in x-functions-key and nowhere else")
  void request() {
    Request request =
        transport()
            .toHttpRequest(
                new FunctionRequest(
                    Operation.INVOKE,
                    "GET",
                    "/orders/1",
                    "a=1",
                    Metadata.empty(),
                    Payload.empty()));
    assertThat(request.url().toString())
        .isEqualTo("https://orders-app.azurewebsites.net/api/dapr/orders/1?a=1");
    assertThat(request.headers("x-functions-key")).containsExactly("the-function-key");
  }

  @Test
  @DisplayName(
      "an answer with the marker is the function's, whatever its status; none is decoded as Azure's")
  void markedAnswers() {
    for (int status : List.of(200, 401, 404, 502, 503)) {
      PlatformResponse reply =
          reply(status, Metadata.of(Protocol.MARKER_HEADER, "1"), "Function host is not running.");
      assertThat(reply.platformError()).as("%s", status).isNull();
      assertThat(reply.answeredByFunction()).isTrue();
    }
  }

  @Test
  @DisplayName(
      "the host's own 401 names the function key; a 401 with a challenge is Easy Auth, and suggests Dapr-Authorization")
  void unauthorized() {
    PlatformError host = reply(401, Metadata.empty(), "").platformError();
    assertThat(host.message()).contains("x-functions-key");
    assertThat(host.fix()).contains("functionKey", "'dapr'");
    PlatformResponse easyAuth =
        reply(
            401,
            Metadata.of("www-authenticate", "Bearer realm=\"orders-app.azurewebsites.net\""),
            "");
    assertThat(easyAuth.platformError().message()).contains("Easy Auth");
    assertThat(easyAuth.platformError().fix()).contains("tokenHeader: Dapr-Authorization");
    assertThat(easyAuth.answeredByFunction()).isFalse();
  }

  @Test
  @DisplayName(
      "each unmarked answer reads in Azure's words; redirects and unknown statuses are left to the status")
  void azureMeanings() {
    PlatformError stopped =
        reply(
                403,
                Metadata.of("content-type", "text/html"),
                "<h1>Error 403 - This web app is stopped.</h1>")
            .platformError();
    assertThat(stopped.code()).isEqualTo("AppStopped");
    assertThat(stopped.fix())
        .as("its own fix, not the advice for a refused credential")
        .contains("az functionapp start");
    assertThat(reply(403, Metadata.empty(), "").platformError().code()).isEqualTo("Forbidden");
    assertThat(reply(413, Metadata.empty(), "").platformError().code())
        .isEqualTo("PayloadTooLarge");
    assertThat(reply(414, Metadata.empty(), "").platformError().message()).contains("4 KB");
    assertThat(
            reply(502, Metadata.of("content-type", "text/html"), "<h1>502</h1>")
                .platformError()
                .fix())
        .contains("async pattern");
    assertThat(reply(429, Metadata.empty(), "").platformError().message())
        .doesNotContain("X-FUNCTION-SCALEOUT");
    assertThat(
            reply(503, Metadata.of("content-type", "text/plain"), "Service Unavailable")
                .platformError()
                .code())
        .isEqualTo("ServiceUnavailable");
    assertThat(
            reply(307, Metadata.of("location", "https://elsewhere.example.com/"), "")
                .platformError())
        .isNull();
    assertThat(reply(418, Metadata.empty(), "").platformError()).isNull();
    assertThat(reply(418, Metadata.empty(), "").answeredByFunction()).isFalse();
  }

  @Test
  @DisplayName("toString names the endpoint and the function, never a key")
  void noKeysInToString() {
    ComponentMetadata metadata =
        metadata("https://orders-app.azurewebsites.net")
            .putSecret("masterKey", "the-master-key")
            .build();
    AzureSettings settings = AzureSettings.read(metadata, new ArrayList<>());
    assertThat(settings.toString())
        .contains("https://orders-app.azurewebsites.net/api/dapr", "function=dapr", "masterKey=set")
        .doesNotContain("the-function-key", "the-master-key");
    assertThat(settings.appRoot().toString()).isEqualTo("https://orders-app.azurewebsites.net/");
    assertThat(transport(metadata).toString())
        .contains("Azure Functions", "dapr")
        .doesNotContain("the-function-key", "the-master-key");
  }

  @Test
  @DisplayName("trusts a private CA given in caCertificate, and only with it")
  void privateCertificateAuthority() throws Exception {
    HeldCertificate ca =
        new HeldCertificate.Builder().certificateAuthority(0).commonName("private CA").build();
    HeldCertificate serverCertificate =
        new HeldCertificate.Builder().signedBy(ca).addSubjectAlternativeName("localhost").build();
    try (MockWebServer server = new MockWebServer()) {
      server.useHttps(
          new HandshakeCertificates.Builder()
              .heldCertificate(serverCertificate)
              .build()
              .sslSocketFactory());
      server.enqueue(
          new MockResponse.Builder()
              .code(200)
              .addHeader(Protocol.MARKER_HEADER, "1")
              .addHeader("Content-Type", "application/json")
              .body(
                  new String(
                      WireFormat.writeInfo(
                          new InfoDocument(1, "1.0.0", "test", List.of(), List.of()))))
              .build());
      server.start(InetAddress.getLoopbackAddress(), 0);
      String endpoint = "https://localhost:" + server.getPort() + "/api/dapr";

      try (Compute trusting = PROVIDER.create(ComputeContext.defaults())) {
        trusting.init(metadata(endpoint).put("caCertificate", ca.certificatePem()).build());
      }
      RecordedRequest info = server.takeRequest(5, TimeUnit.SECONDS);
      assertThat(info.getUrl().encodedPath()).isEqualTo("/api/dapr" + Protocol.INFO_PATH);
      assertThat(info.getHeaders().get("x-functions-key")).isEqualTo("the-function-key");

      try (Compute untrusting = PROVIDER.create(ComputeContext.defaults())) {
        Throwable thrown =
            catchThrowable(
                () ->
                    untrusting.init(metadata(endpoint).initTimeout(Duration.ofSeconds(1)).build()));
        assertThat(thrown)
            .isInstanceOf(ComputeInitException.class)
            .hasMessageContaining("caCertificate");
        assertThat(((ComputeUnavailableException) thrown.getCause()).reason())
            .isEqualTo(ComputeUnavailableException.Reason.CONNECTION_FAILED);
      }
    }
  }
}
