package dev.daprcompute.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.daprcompute.protocol.InvokeRequest;
import dev.daprcompute.protocol.InvokeResponse;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.Protocol;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link FunctionHttpServer} against clients that misbehave on raw sockets. */
@DisplayName("FunctionHttpServer")
class FunctionHttpServerTest {
  static final Duration BOUND = Duration.ofSeconds(10);

  final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  final List<Socket> sockets = new ArrayList<>();

  @AfterEach
  void closeSockets() throws IOException {
    for (Socket socket : sockets) {
      socket.close();
    }
  }

  /** Echoes invocations; {@code sleep/<millis>} answers after that long. */
  static final class Echo implements FunctionHandler {
    @Override
    public InvokeResponse onInvoke(InvokeRequest request) throws Exception {
      if (request.method().startsWith("sleep/")) {
        TimeUnit.MILLISECONDS.sleep(Long.parseLong(request.method().substring("sleep/".length())));
      }
      return InvokeResponse.ok(Payload.ofUtf8("echo " + request.data().toUtf8()), "text/plain");
    }
  }

  /** The router, counting the request heads it has seen. */
  static final class CountingHeads implements FunctionHttpHandler {
    final FunctionRouter router =
        FunctionRouter.builder(new Echo()).verifier(FunctionRouterTest.VERIFIER).build();
    final Semaphore heads = new Semaphore(0);

    @Override
    public Optional<FunctionHttpResponse> beforeBody(FunctionHttpRequest head) {
      try {
        return router.beforeBody(head);
      } finally {
        heads.release();
      }
    }

    @Override
    public FunctionHttpResponse handle(FunctionHttpRequest request) {
      return router.handle(request);
    }
  }

  /** A client that sends the head of a 1,000-byte POST and 3 bytes of its body, then stalls. */
  Socket stalledClient(FunctionHttpServer server, String token) throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
    sockets.add(socket);
    socket.setSoTimeout((int) BOUND.toMillis());
    OutputStream out = socket.getOutputStream();
    out.write(
        ("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + token
                + "\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\nabc")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return socket;
  }

  HttpResponse<String> call(FunctionHttpServer server, String method, String body)
      throws Exception {
    return client.send(
        HttpRequest.newBuilder(server.baseUrl().resolve("/" + method))
            .timeout(BOUND)
            .header("Authorization", "Bearer " + FunctionRouterTest.TOKEN)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String statusLine(Socket socket) throws IOException {
    return new BufferedReader(
            new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
        .readLine();
  }

  /** Reads until the server closes the connection; true when it did (end of stream or reset). */
  static boolean closedByServer(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    try {
      while (in.read() != -1) {
        // skip whatever was answered before the close
      }
      return true;
    } catch (SocketException reset) {
      return true;
    }
  }

  @Test
  @DisplayName(
      "stalled clients (8 with a valid token, 8 without) do not starve a legitimate request")
  void stalledClientsDoNotStarveTheHost() throws Exception {
    CountingHeads handler = new CountingHeads();
    try (FunctionHttpServer server = FunctionHttpServer.startOnLoopback(handler)) {
      for (int i = 0; i < 8; i++) {
        stalledClient(server, FunctionRouterTest.TOKEN);
        stalledClient(server, "not-a-token");
      }
      // Each stalled request holds a thread: reading its body, or draining it after the 401.
      assertThat(handler.heads.tryAcquire(16, BOUND.toSeconds(), TimeUnit.SECONDS))
          .as("16 heads seen")
          .isTrue();

      HttpResponse<String> response =
          assertTimeoutPreemptively(BOUND, () -> call(server, "echo", "hi"));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("echo hi");
    }
  }

  @Test
  @DisplayName("a request without a valid token gets its 401 without the body being read")
  void badTokenIsAnsweredBeforeTheBody() throws Exception {
    try (FunctionHttpServer server = FunctionHttpServer.startOnLoopback(new CountingHeads())) {
      Socket stalled = stalledClient(server, "not-a-token");

      String status = assertTimeoutPreemptively(BOUND, () -> statusLine(stalled));

      assertThat(status).startsWith("HTTP/1.1 401");
    }
  }

  @Test
  @DisplayName("a request that does not arrive within the read timeout has its connection closed")
  void stalledRequestIsCut() throws Exception {
    try (FunctionHttpServer server =
        FunctionHttpServer.builder(new CountingHeads())
            .requestReadTimeout(Duration.ofMillis(300))
            .start()) {
      Socket stalled = stalledClient(server, FunctionRouterTest.TOKEN);
      Socket silent = new Socket(InetAddress.getLoopbackAddress(), server.port());
      sockets.add(silent);
      silent.setSoTimeout((int) BOUND.toMillis());
      silent
          .getOutputStream()
          .write(
              "POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le"
                  .getBytes(StandardCharsets.US_ASCII));

      Socket refused = stalledClient(server, "not-a-token");

      assertThat(assertTimeoutPreemptively(BOUND, () -> closedByServer(stalled)))
          .as("stalled in the body")
          .isTrue();
      assertThat(assertTimeoutPreemptively(BOUND, () -> statusLine(refused)))
          .startsWith("HTTP/1.1 401");
      assertThat(assertTimeoutPreemptively(BOUND, () -> closedByServer(refused)))
          .as("answered 401, then stalled")
          .isTrue();
      assertThat(assertTimeoutPreemptively(BOUND, () -> closedByServer(silent)))
          .as("stalled in the headers")
          .isTrue();
      assertThat(call(server, "echo", "still serving").body()).isEqualTo("echo still serving");
    }
  }

  @Test
  @DisplayName(
      "a handler that runs longer than the read timeout is not cut: the timeout ends when the request is read")
  void slowHandlerIsNotCut() throws Exception {
    try (FunctionHttpServer server =
        FunctionHttpServer.builder(new CountingHeads())
            .requestReadTimeout(Duration.ofMillis(200))
            .start()) {
      for (int i = 0; i < 3; i++) { // the same threads serve again: no interrupt is left behind
        HttpResponse<String> response = call(server, "sleep/600", "slow");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("echo slow");
      }
    }
  }

  @Test
  @DisplayName("a body over the limit is answered 413 with the marker")
  void bodyOverTheLimit() throws Exception {
    try (FunctionHttpServer server =
        FunctionHttpServer.builder(new CountingHeads()).maxBodySize(10).start()) {
      HttpResponse<String> response = call(server, "echo", "x".repeat(11));

      assertThat(response.statusCode()).isEqualTo(413);
      assertThat(response.headers().firstValue(Protocol.MARKER_HEADER)).hasValue("1");
      assertThat(call(server, "echo", "x".repeat(10)).body()).isEqualTo("echo xxxxxxxxxx");
    }
  }

  @Test
  @DisplayName("settings are checked")
  void settingsAreChecked() {
    FunctionHttpServer.Builder builder = FunctionHttpServer.builder(new CountingHeads());

    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.requestReadTimeout(Duration.ZERO))
        .withMessageContaining("requestReadTimeout");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.maxThreads(0))
        .withMessageContaining("maxThreads");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.maxBodySize(-1))
        .withMessageContaining("maxBodySize");
  }
}
