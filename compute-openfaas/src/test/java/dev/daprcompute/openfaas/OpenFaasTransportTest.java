package dev.daprcompute.openfaas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.Compute;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeInitException;
import dev.daprcompute.api.ComputeProviders;
import dev.daprcompute.api.InitReport;
import dev.daprcompute.api.spi.FunctionRequest;
import dev.daprcompute.api.spi.Operation;
import dev.daprcompute.api.spi.PlatformTransport;
import dev.daprcompute.api.token.SigningKey;
import dev.daprcompute.protocol.InfoDocument;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.wire.WireFormat;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Request;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("compute.openfaas requests on the wire, and TLS to the gateway")
class OpenFaasTransportTest {
  private static final SigningKey KEY = SigningKey.generateEd25519();

  private static ComponentMetadata.Builder metadata(String gateway) {
    return ComponentMetadata.builder("orders", OpenFaasPlatformProvider.TYPE)
        .put("gateway", gateway)
        .put("functionName", "orders-fn")
        .putSecret("key", KEY.privateKeyPem());
  }

  private static PlatformTransport transport(ComponentMetadata metadata, ComputeContext context) {
    return new OpenFaasPlatformProvider().transport(metadata, context);
  }

  private static FunctionRequest request(
      Operation operation, String path, String query, Metadata headers) {
    return new FunctionRequest(operation, "POST", path, query, headers, Payload.ofUtf8("x"));
  }

  @Test
  @DisplayName(
      "/function/{name}[.{namespace}] below the gateway's own path, with the path, query and headers as they are")
  void functionRoute() {
    try (PlatformTransport transport =
        transport(
            metadata("https://example.com/openfaas/").put("namespace", "shop").build(),
            ComputeContext.defaults())) {
      Request http =
          transport.toHttpRequest(
              request(
                  Operation.INVOKE,
                  "/orders/42",
                  "a=1&b=%20",
                  Metadata.of("Authorization", "Bearer t", "x-custom", "v")));
      assertThat(http.url().toString())
          .isEqualTo("https://example.com/openfaas/function/orders-fn.shop/orders/42?a=1&b=%20");
      assertThat(http.header("Authorization")).isEqualTo("Bearer t");
      assertThat(http.header("x-custom")).isEqualTo("v");
      assertThat(transport.functionName())
          .as("the default audience: the bare name")
          .isEqualTo("orders-fn");
      assertThat(transport.occupiesAuthorizationHeader()).isFalse();
    }
  }

  @Test
  @DisplayName(
      "asyncBindings: binding events (only) go to /async-function, without any X-Callback-Url")
  void asyncRoute() {
    try (PlatformTransport transport =
        transport(
            metadata("https://example.com").put("asyncBindings", "true").build(),
            ComputeContext.defaults())) {
      Request binding =
          transport.toHttpRequest(
              request(
                  Operation.BINDING_EVENT,
                  "/orders-queue",
                  "",
                  Metadata.of("X-Callback-Url", "https://elsewhere.example/cb", "to", "audit")));
      assertThat(binding.url().toString())
          .isEqualTo("https://example.com/async-function/orders-fn/orders-queue");
      assertThat(binding.header("X-Callback-Url")).isNull();
      assertThat(binding.header("to")).isEqualTo("audit");
      for (Operation operation : List.of(Operation.INVOKE, Operation.TOPIC_EVENT, Operation.INFO)) {
        assertThat(
                transport
                    .toHttpRequest(request(operation, "/orders-queue", "", Metadata.empty()))
                    .url()
                    .encodedPath())
            .as("%s", operation)
            .isEqualTo("/function/orders-fn/orders-queue");
      }
    }
  }

  @Test
  @DisplayName("asyncBindings: the queue's 202 is queued as its X-Call-Id, for binding events only")
  void queuedOnlyForBindingEvents() {
    Metadata accepted = Metadata.of("X-Call-Id", "c-7");
    FunctionRequest binding =
        request(Operation.BINDING_EVENT, "/orders-queue", "", Metadata.empty());
    try (PlatformTransport transport =
        transport(
            metadata("https://example.com").put("asyncBindings", "true").build(),
            ComputeContext.defaults())) {
      assertThat(transport.fromHttpResponse(binding, 202, accepted, Payload.empty()).queuedAs())
          .isEqualTo("c-7");
      assertThat(
              transport
                  .fromHttpResponse(
                      request(Operation.INVOKE, "/orders-queue", "", Metadata.empty()),
                      202,
                      accepted,
                      Payload.empty())
                  .isQueued())
          .as("an invocation is never queued")
          .isFalse();
    }
    try (PlatformTransport transport =
        transport(metadata("https://example.com").build(), ComputeContext.defaults())) {
      assertThat(transport.fromHttpResponse(binding, 202, accepted, Payload.empty()).isQueued())
          .as("without asyncBindings")
          .isFalse();
    }
  }

  @Test
  @DisplayName("toString shows names, never the /system credentials")
  void toStringHasNoCredentials() {
    try (PlatformTransport transport =
        transport(
            metadata("https://example.com")
                .put("basicAuthUser", "admin")
                .putSecret("basicAuthPassword", "hunter2-password")
                .build(),
            ComputeContext.defaults())) {
      assertThat(transport.toString())
          .contains("orders-fn")
          .contains("basicAuth")
          .doesNotContain("hunter2-password");
    }
  }

  @Test
  @DisplayName(
      "caCertificate: the gateway's private CA is trusted for /system and /function alike, and only with it")
  void privateCertificateAuthority() throws Exception {
    HeldCertificate ca =
        new HeldCertificate.Builder().certificateAuthority(0).commonName("cluster CA").build();
    HeldCertificate serverCertificate =
        new HeldCertificate.Builder().signedBy(ca).addSubjectAlternativeName("localhost").build();
    try (MockWebServer gateway = new MockWebServer()) {
      gateway.useHttps(
          new HandshakeCertificates.Builder()
              .heldCertificate(serverCertificate)
              .build()
              .sslSocketFactory());
      gateway.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
              String path = request.getUrl().encodedPath();
              return switch (path) {
                case "/system/function/orders-fn" ->
                    json("{\"name\":\"orders-fn\",\"image\":\"fn:1\",\"replicas\":1}", false);
                case "/system/info" ->
                    json(
                        "{\"version\":{\"release\":\"0.27.12\"},\"provider\":{\"provider\":\"faas-netes\"}}",
                        false);
                case "/function/orders-fn" + Protocol.INFO_PATH ->
                    json(
                        new String(
                            WireFormat.writeInfo(
                                new InfoDocument(1, "1.0.0", "test", List.of(), List.of()))),
                        true);
                default -> new MockResponse.Builder().code(404).build();
              };
            }
          });
      gateway.start(InetAddress.getLoopbackAddress(), 0);
      String url = "https://localhost:" + gateway.getPort();
      ComponentMetadata.Builder component =
          metadata(url)
              .put("basicAuthUser", "admin")
              .putSecret("basicAuthPassword", "pw")
              .initTimeout(
                  Duration.ofSeconds(20)); // a bound: a cold JVM's first TLS handshakes are slow

      try (Compute trusting =
          ComputeProviders.provider(new OpenFaasPlatformProvider())
              .create(ComputeContext.defaults())) {
        InitReport report =
            trusting.init(component.put("caCertificate", ca.certificatePem()).build());
        assertThat(report.check("gateway").orElseThrow().detail()).contains("0.27.12");
      }
      try (Compute untrusting =
          ComputeProviders.provider(new OpenFaasPlatformProvider())
              .create(ComputeContext.defaults())) {
        ComputeInitException e =
            (ComputeInitException)
                catchThrowable(
                    () ->
                        untrusting.init(
                            metadata(url)
                                .put("basicAuthUser", "admin")
                                .putSecret("basicAuthPassword", "pw")
                                .initTimeout(Duration.ofSeconds(1))
                                .build()));
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.getMessage()).contains("TLS handshake").contains("caCertificate");
      }
    }
  }

  private static MockResponse json(String body, boolean fromFunction) {
    MockResponse.Builder response =
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json")
            .body(body);
    if (fromFunction) {
      response.addHeader(Protocol.MARKER_HEADER, "1");
    }
    return response.build();
  }
}
