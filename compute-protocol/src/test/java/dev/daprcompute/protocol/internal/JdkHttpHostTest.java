package dev.daprcompute.protocol.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.daprcompute.protocol.Payload;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The JDK HTTP server as {@link JdkHttpHost} sets it up for both hosts. No test here measures time:
 * each asserts the configuration in effect, or waits for a fact with a generous bound.
 */
@DisplayName("JdkHttpHost")
class JdkHttpHostTest {
  static final Duration BOUND = Duration.ofSeconds(10);

  final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
  }

  JdkHttpHost start(JdkHttpHost.Settings settings, HttpHandler handler) throws IOException {
    JdkHttpHost host = JdkHttpHost.start(settings, handler);
    opened.add(host);
    return host;
  }

  static JdkHttpHost.Settings loopback() {
    return JdkHttpHost.Settings.defaults(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "test-host");
  }

  Socket connect(JdkHttpHost host) throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), host.address().getPort());
    opened.add(socket);
    socket.setSoTimeout((int) BOUND.toMillis());
    return socket;
  }

  Socket send(JdkHttpHost host, String request) throws IOException {
    Socket socket = connect(host);
    OutputStream out = socket.getOutputStream();
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return socket;
  }

  static String get(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  }

  /**
   * The status line and body of a response with a Content-Length, read from a kept-alive
   * connection.
   */
  static String[] response(Socket socket) throws IOException {
    BufferedReader in =
        new BufferedReader(
            new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
    String status = in.readLine();
    int length = 0;
    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    char[] body = new char[length];
    int read = 0;
    while (read < length) {
      read += in.read(body, read, length - read);
    }
    return new String[] {status, new String(body)};
  }

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

  /** Answers 200 with {@code text}; the handler has read the body. */
  static void answer(HttpExchange exchange, String text) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /**
   * Whether the server's own socket for this exchange has TCP_NODELAY, read through the JDK
   * server's internals (opened to the tests by the surefire argLine); null when they cannot be
   * read.
   */
  static Boolean tcpNoDelay(HttpExchange exchange) {
    try {
      Method impl = exchange.getClass().getDeclaredMethod("getExchangeImpl");
      impl.setAccessible(true);
      Object exchangeImpl = impl.invoke(exchange);
      Method connection = exchangeImpl.getClass().getDeclaredMethod("getConnection");
      connection.setAccessible(true);
      Object httpConnection = connection.invoke(exchangeImpl);
      Method channel = httpConnection.getClass().getDeclaredMethod("getChannel");
      channel.setAccessible(true);
      return ((SocketChannel) channel.invoke(httpConnection))
          .getOption(StandardSocketOptions.TCP_NODELAY);
    } catch (ReflectiveOperationException | RuntimeException | IOException e) {
      return null;
    }
  }

  @Test
  @DisplayName(
      "the server's connections have TCP_NODELAY: no answer waits for the client's delayed ACK")
  void noDelayIsInEffect() throws Exception {
    assertThat(System.getProperty(JdkHttpHost.NODELAY_PROPERTY)).isEqualTo("true");
    JdkHttpHost host =
        start(
            loopback(),
            exchange -> {
              JdkHttpHost.readBody(exchange, 0);
              answer(exchange, String.valueOf(tcpNoDelay(exchange)));
            });
    Socket socket = connect(host);
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < 3; i++) { // one kept-alive connection, as daprd drives its app
      socket.getOutputStream().write(get("/nodelay").getBytes(StandardCharsets.US_ASCII));
      String[] response = response(socket);
      assertThat(response[0]).startsWith("HTTP/1.1 200");
      seen.add(response[1]);
    }

    assumeTrue(
        !seen.contains("null"),
        "the JDK server's internals cannot be read (is jdk.httpserver opened to the tests?)");
    assertThat(seen).containsOnly("true");
  }

  @Test
  @DisplayName(
      "workers grow to maxThreads, then maxQueued requests wait, then new connections are closed")
  void workersGrowWithinBounds() throws Exception {
    Semaphore entered = new Semaphore(0);
    CountDownLatch release = new CountDownLatch(1);
    JdkHttpHost host =
        start(
            loopback().withMaxThreads(4).withMaxQueued(2),
            exchange -> {
              JdkHttpHost.readBody(exchange, 0);
              entered.release();
              try {
                release.await(BOUND.toSeconds(), TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              answer(exchange, "done");
            });
    List<Socket> served = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      served.add(send(host, get("/" + i)));
    }
    assertThat(entered.tryAcquire(4, BOUND.toSeconds(), TimeUnit.SECONDS))
        .as("4 handlers running")
        .isTrue();
    assertTimeoutPreemptively(
        BOUND,
        () -> {
          while (host.workers().getQueue().size() < 2) {
            Thread.onSpinWait();
          }
        });
    assertThat(host.workers().getPoolSize()).isEqualTo(4);

    Socket refused = send(host, get("/7"));
    assertThat(assertTimeoutPreemptively(BOUND, () -> closedByServer(refused))).isTrue();

    release.countDown();
    for (Socket socket : served) {
      assertThat(assertTimeoutPreemptively(BOUND, () -> response(socket))[1]).isEqualTo("done");
    }
    assertThat(host.workers().getLargestPoolSize()).isEqualTo(4);
  }

  @Test
  @DisplayName(
      "a request not read in time has its connection closed, and the interrupt that closed it reaches no other request")
  void readDeadline() throws Exception {
    JdkHttpHost host =
        start(
            loopback().withMaxThreads(1).withRequestReadTimeout(Duration.ofMillis(200)),
            exchange -> {
              Payload body = JdkHttpHost.readBody(exchange, 1 << 20);
              try {
                TimeUnit.MILLISECONDS.sleep(
                    400); // longer than the read deadline, after the request was read
              } catch (InterruptedException e) {
                answer(exchange, "interrupted");
                return;
              }
              answer(exchange, "read " + (body == null ? "too much" : body.size()));
            });
    Socket stalledInBody =
        send(host, "POST /x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10\r\n\r\nabc");
    Socket stalledInHeaders = send(host, "POST /x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-");

    assertThat(assertTimeoutPreemptively(BOUND, () -> closedByServer(stalledInBody))).isTrue();
    assertThat(assertTimeoutPreemptively(BOUND, () -> closedByServer(stalledInHeaders))).isTrue();
    // the single worker closed both; it now serves a request whose handler outlives the deadline
    Socket next = send(host, "POST /x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\n\r\nabc");
    assertThat(assertTimeoutPreemptively(BOUND, () -> response(next)))
        .containsExactly("HTTP/1.1 200 OK", "read 3");
  }

  @Test
  @DisplayName("settings are checked")
  void settingsAreChecked() {
    assertThatIllegalArgumentException().isThrownBy(() -> loopback().withMaxThreads(0));
    assertThatIllegalArgumentException().isThrownBy(() -> loopback().withMaxQueued(-1));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> loopback().withRequestReadTimeout(Duration.ofMillis(-1)))
        .withMessageContaining("requestReadTimeout");
  }
}
