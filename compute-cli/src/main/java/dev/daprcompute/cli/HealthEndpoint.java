package dev.daprcompute.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code serve --health-port}: probes for Kubernetes, on every interface (the kubelet probes the
 * pod's IP, while the bridge listens on loopback for daprd). Serves no call and needs no token.
 * {@value #LIVE_PATH} answers 200 while the process serves, draining included; {@value #READY_PATH}
 * answers 200 while the bridge takes calls and 503 once it is stopping. Thread-safe.
 */
final class HealthEndpoint implements AutoCloseable {
  static final String LIVE_PATH = "/livez";
  static final String READY_PATH = "/readyz";

  private final HttpServer server;
  private final ExecutorService executor;
  private volatile boolean ready = true;

  private HealthEndpoint(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Listens on {@code port} (0: a free one) on every interface.
   *
   * @throws IOException when the port cannot be bound
   */
  static HealthEndpoint start(int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 16);
    ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "dapr-compute-health");
      thread.setDaemon(true);
      return thread;
    });
    HealthEndpoint endpoint = new HealthEndpoint(server, executor);
    server.createContext("/", endpoint::handle);
    server.setExecutor(executor);
    server.start();
    return endpoint;
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** From now on {@value #READY_PATH} answers 503: the bridge is stopping. */
  void stopping() {
    ready = false;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      boolean get = exchange.getRequestMethod().equals("GET") || exchange.getRequestMethod().equals("HEAD");
      int status;
      String body;
      if (!get || !(path.equals(LIVE_PATH) || path.equals(READY_PATH))) {
        status = 404;
        body = "GET " + LIVE_PATH + " or " + READY_PATH + "\n";
      } else if (path.equals(READY_PATH) && !ready) {
        status = 503;
        body = "stopping\n";
      } else {
        status = 200;
        body = "ok\n";
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      boolean head = exchange.getRequestMethod().equals("HEAD");
      exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }
}
