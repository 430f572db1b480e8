package dev.daprcompute.cli;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * {@code serve --metrics-port}: {@code GET} {@value #PATH} in Prometheus' text format (OpenMetrics
 * when the scraper asks for it). It serves no call and needs no token: it holds counts and
 * latencies by component, operation, outcome and reason, and the JVM's, never a secret, a URL, an
 * event id or a path. Thread-safe.
 */
final class MetricsEndpoint implements AutoCloseable {
  static final String PATH = "/metrics";

  private final BridgeMetrics metrics;

  // Set by start() right after construction: the server's handler is this object's method.
  @SuppressWarnings("NullAway.Init")
  private PlainHttp server;

  private MetricsEndpoint(BridgeMetrics metrics) {
    this.metrics = metrics;
  }

  /**
   * Listens on {@code address}:{@code port} (0: a free one).
   *
   * @throws IOException when the port cannot be bound
   */
  static MetricsEndpoint start(InetAddress address, int port, BridgeMetrics metrics)
      throws IOException {
    MetricsEndpoint endpoint = new MetricsEndpoint(metrics);
    endpoint.server =
        PlainHttp.start(
            new InetSocketAddress(address, port), "dapr-compute-metrics", endpoint::handle);
    return endpoint;
  }

  int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.close();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String text = "text/plain; charset=utf-8";
    if (!exchange.getRequestURI().getPath().equals(PATH)) {
      PlainHttp.send(exchange, 404, text, "GET " + PATH + "\n");
    } else if (!PlainHttp.isRead(exchange)) {
      exchange.getResponseHeaders().set("Allow", "GET, HEAD");
      PlainHttp.send(exchange, 405, text, "GET " + PATH + "\n");
    } else {
      String accept = exchange.getRequestHeaders().getFirst("Accept");
      BridgeMetrics.Scrape scrape = metrics.scrape(accept == null ? "" : accept);
      PlainHttp.send(exchange, 200, scrape.contentType(), scrape.text());
    }
  }
}
