package dev.daprcompute.cloudflare.workers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ComputeInitException;
import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.api.token.SigningKey;
import dev.daprcompute.protocol.InfoDocument;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.wire.WireFormat;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code caCertificate}: a worker behind a private CA (a TLS-inspecting proxy, say) is trusted with
 * it, and only with it.
 */
@DisplayName("compute.cloudflare.workers with caCertificate")
class CaCertificateTest {
  private final MockWebServer server = new MockWebServer();
  private final Components components = new Components();

  @AfterEach
  void stop() throws Exception {
    components.close();
    server.close();
  }

  private static MockResponse info() {
    return new MockResponse.Builder()
        .code(200)
        .addHeader(Protocol.MARKER_HEADER, "1")
        .addHeader("Content-Type", "application/json")
        .body(
            new String(
                WireFormat.writeInfo(new InfoDocument(1, "1.0.0", "test", List.of(), List.of()))))
        .build();
  }

  @Test
  @DisplayName(
      "trusts the worker's certificate from a private CA given in caCertificate, and only with it")
  void privateCertificateAuthority() throws Exception {
    HeldCertificate ca =
        new HeldCertificate.Builder().certificateAuthority(0).commonName("private CA").build();
    HeldCertificate serverCertificate =
        new HeldCertificate.Builder().signedBy(ca).addSubjectAlternativeName("localhost").build();
    server.useHttps(
        new HandshakeCertificates.Builder()
            .heldCertificate(serverCertificate)
            .build()
            .sslSocketFactory());
    server.enqueue(info());
    server.start(InetAddress.getLoopbackAddress(), 0);
    ComponentMetadata.Builder metadata =
        Components.direct(
            "orders",
            "https://localhost:" + server.getPort(),
            "orders-fn",
            SigningKey.generateEd25519());

    assertThat(
            components.init(metadata.put("caCertificate", ca.certificatePem()).build()).protocol())
        .isEqualTo(1);

    ComputeInitException e =
        components.initFailure(
            Components.direct(
                    "orders",
                    "https://localhost:" + server.getPort(),
                    "orders-fn",
                    SigningKey.generateEd25519())
                .initTimeout(Duration.ofSeconds(1))
                .build());
    assertThat(e.getCause()).isInstanceOf(ComputeUnavailableException.class);
    assertThat(e.getMessage()).contains("TLS handshake").contains("caCertificate");
  }
}
