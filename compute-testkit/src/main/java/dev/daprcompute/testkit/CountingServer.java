package dev.daprcompute.testkit;

import com.sun.net.httpserver.HttpServer;
import dev.daprcompute.protocol.Protocol;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server elsewhere that counts what reaches it and answers as a function would, with DROP: the
 * target of the redirects in the conformance suite and the fault soak, where nothing may arrive.
 * Thread-safe; close it to stop it.
 */
public final class CountingServer implements AutoCloseable {
  private final HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();

  private CountingServer(HttpServer server) {
    this.server = server;
  }

  /** Starts one on a free loopback port. */
  public static CountingServer start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    CountingServer counting = new CountingServer(server);
    server.createContext(
        "/",
        exchange -> {
          counting.requests.incrementAndGet();
          byte[] body = "{\"status\":\"DROP\"}".getBytes(StandardCharsets.UTF_8);
          exchange
              .getResponseHeaders()
              .set(Protocol.MARKER_HEADER, String.valueOf(Protocol.VERSION));
          exchange.getResponseHeaders().set("content-type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return counting;
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** How many requests arrived. */
  public int requests() {
    return requests.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
