package dev.daprcompute.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.Compute;
import dev.daprcompute.api.ComputeConfigurationException;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeInitException;
import dev.daprcompute.api.ComputeProviders;
import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.api.spi.BaseUrls;
import dev.daprcompute.api.spi.PlatformCalls;
import dev.daprcompute.api.token.SigningKey;
import dev.daprcompute.protocol.InfoDocument;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.wire.WireFormat;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Request;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("compute.http endpoints, TLS and token placement")
class HttpComputeProviderTest {
  private final SigningKey key = SigningKey.generateEd25519();
  private MockWebServer server;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
  }

  @AfterEach
  void stop() {
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

  private static Compute compute() {
    return ComputeProviders.provider(new HttpPlatformProvider()).create(ComputeContext.defaults());
  }

  private ComponentMetadata.Builder metadata(String endpoint) {
    return ComponentMetadata.builder("fn", HttpPlatformProvider.TYPE)
        .put("endpoint", endpoint)
        .putSecret("key", key.privateKeyPem())
        .initTimeout(Duration.ofSeconds(2));
  }

  @Test
  @DisplayName("keeps the endpoint's base path and sends the token in Authorization by default")
  void basePathAndDefaultTokenHeader() throws Exception {
    server.enqueue(info());
    server.start(InetAddress.getLoopbackAddress(), 0);
    try (Compute compute = compute()) {
      compute.init(metadata(server.url("/api/dapr/").toString()).build());
    }
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request.getUrl().encodedPath()).isEqualTo("/api/dapr/.well-known/dapr/info");
    assertThat(request.getHeaders().get("Authorization")).startsWith("Bearer ey");
    assertThat(request.getHeaders().get(Protocol.MARKER_HEADER)).isEqualTo("1");
  }

  @Test
  @DisplayName(
      "sends the token in Dapr-Authorization when tokenHeader says so, and the audience defaults to the endpoint")
  void daprAuthorizationHeader() throws Exception {
    server.enqueue(info());
    server.start(InetAddress.getLoopbackAddress(), 0);
    try (Compute compute = compute()) {
      compute.init(
          metadata(server.url("/fn").toString()).put("tokenHeader", "dapr-authorization").build());
    }
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request.getHeaders().get("Authorization")).isNull();
    String token =
        request.getHeaders().get(Protocol.DAPR_AUTHORIZATION).substring("Bearer ".length());
    String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    assertThat(payload)
        .contains("\"aud\":\"" + server.url("/fn").toString().replaceAll("/$", "") + "\"");
  }

  @Test
  @DisplayName("trusts a private CA given in caCertificate, and only with it")
  void privateCertificateAuthority() throws Exception {
    HeldCertificate ca =
        new HeldCertificate.Builder().certificateAuthority(0).commonName("private CA").build();
    HeldCertificate serverCertificate =
        new HeldCertificate.Builder().signedBy(ca).addSubjectAlternativeName("localhost").build();
    HandshakeCertificates serverTls =
        new HandshakeCertificates.Builder().heldCertificate(serverCertificate).build();
    server.useHttps(serverTls.sslSocketFactory());
    server.enqueue(info());
    server.start(InetAddress.getLoopbackAddress(), 0);

    try (Compute trusting = compute()) {
      // initTimeout to spare: the JVM's first TLS handshake can take seconds on a loaded machine
      assertThat(
              trusting
                  .init(
                      metadata("https://localhost:" + server.getPort() + "/fn")
                          .put("caCertificate", ca.certificatePem())
                          .initTimeout(Duration.ofSeconds(20))
                          .build())
                  .protocol())
          .isEqualTo(1);
    }
    assertThat(server.takeRequest(5, TimeUnit.SECONDS).getHandshake())
        .as("the info call came over TLS")
        .isNotNull();

    // Without caCertificate, init retries until initTimeout, and each attempt may run out of time
    // on a loaded machine: the proof is what the server saw, never the last attempt's reason.
    try (TlsWitness witness = new TlsWitness(serverTls);
        Compute untrusting = compute()) {
      Throwable e =
          catchThrowable(
              () ->
                  untrusting.init(
                      metadata("https://localhost:" + witness.port() + "/fn")
                          .initTimeout(Duration.ofSeconds(2))
                          .build()));
      assertThat(e).isInstanceOf(ComputeInitException.class);

      // One call with time to spare: the client refuses the certificate, and says how to fix it.
      Throwable refusal =
          catchThrowable(
              () ->
                  PlatformCalls.execute(
                      ComputeContext.defaults().httpClient(),
                      new Request.Builder()
                          .url("https://localhost:" + witness.port() + "/fn" + Protocol.INFO_PATH)
                          .build(),
                      Duration.ofSeconds(20),
                      1024,
                      "the info call"));
      assertThat(refusal)
          .isInstanceOfSatisfying(
              ComputeUnavailableException.class,
              unavailable -> {
                assertThat(unavailable.reason())
                    .isEqualTo(ComputeUnavailableException.Reason.CONNECTION_FAILED);
                assertThat(unavailable.getMessage())
                    .contains("TLS handshake")
                    .contains("caCertificate");
              });
      assertThat(witness.awaitRefusal(Duration.ofSeconds(10)))
          .as("a handshake the client refused (%s)", witness)
          .isTrue();
      assertThat(witness.completed()).as("handshakes that completed (%s)", witness).isZero();
    }
  }

  /**
   * A TLS server that only counts how each handshake ends: the client's fatal alert (it refused the
   * certificate) or a completed handshake.
   */
  private static final class TlsWitness implements AutoCloseable {
    private final SSLServerSocket socket;
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicInteger other = new AtomicInteger();
    private final CountDownLatch firstRefusal = new CountDownLatch(1);

    TlsWitness(HandshakeCertificates tls) throws IOException {
      socket =
          (SSLServerSocket)
              tls.sslContext()
                  .getServerSocketFactory()
                  .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread acceptor = new Thread(this::accept, "tls-witness");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    /**
     * Waits until the server has seen the client refuse a handshake; false if it did not in time.
     */
    boolean awaitRefusal(Duration timeout) throws InterruptedException {
      return firstRefusal.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    int completed() {
      return completed.get();
    }

    private void accept() {
      while (!socket.isClosed()) {
        try (SSLSocket connection = (SSLSocket) socket.accept()) {
          connection.setSoTimeout(10_000);
          try {
            connection.startHandshake();
            completed.incrementAndGet();
          } catch (SSLHandshakeException e) {
            if (String.valueOf(e.getMessage()).contains("fatal alert")) {
              refused.incrementAndGet();
              firstRefusal.countDown();
            } else {
              other.incrementAndGet();
            }
          } catch (IOException e) {
            other.incrementAndGet(); // the client gave up mid-handshake (its deadline), say
          }
        } catch (IOException closed) {
          return;
        }
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }

    @Override
    public String toString() {
      return refused + " refused, " + completed + " completed, " + other + " ended otherwise";
    }
  }

  @Test
  @DisplayName(
      "rejects a caCertificate that is not PEM, an endpoint with a query, and plain http beyond loopback, all at once")
  void endpointProblems() {
    try (Compute compute = compute()) {
      ComputeConfigurationException e =
          (ComputeConfigurationException)
              catchThrowable(
                  () ->
                      compute.init(
                          metadata("http://functions.example.com/api?code=abc")
                              .put("caCertificate", "not a certificate")
                              .build()));
      assertThat(e.problems()).hasSize(3);
      assertThat(e.getMessage())
          .contains("metadata 'caCertificate'")
          .contains("query")
          .contains("allowInsecureHttp");
    }
  }

  @Test
  @DisplayName("allows plain http beyond loopback only with allowInsecureHttp: true")
  void allowInsecureHttp() {
    try (Compute compute = compute()) {
      Throwable e =
          catchThrowable(
              () ->
                  compute.init(
                      metadata("http://unreachable.invalid/api")
                          .put("allowInsecureHttp", "true")
                          .initTimeout(Duration.ofMillis(300))
                          .build()));
      assertThat(e).isInstanceOf(ComputeInitException.class);
    }
  }

  @Test
  @DisplayName("treats only loopback names and addresses as loopback, without asking DNS")
  void loopbackNames() {
    assertThat(BaseUrls.isLoopback("localhost")).isTrue();
    assertThat(BaseUrls.isLoopback("api.localhost")).isTrue();
    assertThat(BaseUrls.isLoopback("127.0.0.1")).isTrue();
    assertThat(BaseUrls.isLoopback("127.8.9.10")).isTrue();
    assertThat(BaseUrls.isLoopback("::1")).isTrue();
    assertThat(BaseUrls.isLoopback("10.0.0.1")).isFalse();
    assertThat(BaseUrls.isLoopback("localhost.example.com")).isFalse();
    assertThat(BaseUrls.isLoopback("deadbeef")).isFalse();
  }
}
