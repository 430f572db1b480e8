package dev.daprcompute.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The small HTTP servers of {@code serve} beside the bridge (health probes, metrics): the JDK's
 * server on one daemon thread, answering GET and HEAD with text. Not for calls: those are the
 * bridge's.
 */
final class PlainHttp implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;

  private PlainHttp(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Listens on {@code address} (port 0: a free one) and hands every request to {@code handler}.
   *
   * @throws IOException when the port cannot be bound
   */
  static PlainHttp start(InetSocketAddress address, String threadName, HttpHandler handler)
      throws IOException {
    HttpServer server = HttpServer.create(address, 16);
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, threadName);
              thread.setDaemon(true);
              return thread;
            });
    server.createContext("/", handler);
    server.setExecutor(executor);
    server.start();
    return new PlainHttp(server, executor);
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** Whether {@code exchange} is a GET or a HEAD. */
  static boolean isRead(HttpExchange exchange) {
    String method = exchange.getRequestMethod();
    return method.equals("GET") || method.equals("HEAD");
  }

  /** Answers {@code exchange} with {@code body} (no body for a HEAD), and closes it. */
  static void send(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    try (exchange) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", contentType);
      boolean head = exchange.getRequestMethod().equals("HEAD");
      exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
