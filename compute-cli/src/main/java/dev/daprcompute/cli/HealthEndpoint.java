package dev.daprcompute.cli;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * {@code serve --health-port}: probes for Kubernetes, on every interface (the kubelet probes the
 * pod's IP, while the bridge listens on loopback for daprd). Serves no call and needs no token.
 * {@value #LIVE_PATH} answers 200 while the process serves, draining included; {@value #READY_PATH}
 * answers 200 while the bridge takes calls and 503 once it is stopping. Thread-safe.
 */
final class HealthEndpoint implements AutoCloseable {
  static final String LIVE_PATH = "/livez";
  static final String READY_PATH = "/readyz";

  private volatile boolean ready = true;

  // Set by start() right after construction: the server's handler is this object's method.
  @SuppressWarnings("NullAway.Init")
  private PlainHttp server;

  private HealthEndpoint() {}

  /**
   * Listens on {@code port} (0: a free one) on every interface.
   *
   * @throws IOException when the port cannot be bound
   */
  static HealthEndpoint start(int port) throws IOException {
    HealthEndpoint endpoint = new HealthEndpoint();
    endpoint.server =
        PlainHttp.start(new InetSocketAddress(port), "dapr-compute-health", endpoint::handle);
    return endpoint;
  }

  int port() {
    return server.port();
  }

  /** From now on {@value #READY_PATH} answers 503: the bridge is stopping. */
  void stopping() {
    ready = false;
  }

  @Override
  public void close() {
    server.close();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String text = "text/plain; charset=utf-8";
    if (!PlainHttp.isRead(exchange) || !(path.equals(LIVE_PATH) || path.equals(READY_PATH))) {
      PlainHttp.send(exchange, 404, text, "GET " + LIVE_PATH + " or " + READY_PATH + "\n");
    } else if (path.equals(READY_PATH) && !ready) {
      PlainHttp.send(exchange, 503, text, "stopping\n");
    } else {
      PlainHttp.send(exchange, 200, text, "ok\n");
    }
  }
}
