package dev.daprcompute.function;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.daprcompute.api.Metadata;
import dev.daprcompute.api.Payload;
import dev.daprcompute.api.internal.ByteSize;
import dev.daprcompute.api.protocol.Protocol;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hosts a {@link FunctionRouter} (or any {@link FunctionHttpHandler}) on the JDK's HTTP server: for containers, VMs, Azure Functions
 * custom handlers, OpenFaaS or Knative, and for tests on loopback.
 *
 * <p>Request bodies over the limit are answered with 413. {@link #close()} stops the server and
 * its threads. Thread-safe.
 */
public final class FunctionHttpServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FunctionHttpServer.class);
  private static final AtomicInteger THREADS = new AtomicInteger();

  static {
    // The JDK server writes headers and body separately; with Nagle's algorithm on, each small
    // answer then waits for the client's delayed ACK (about 40 ms on Linux). The server reads this
    // property once, when its first instance starts; an explicit setting by the application wins.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  /** The default request body limit, daprd's {@code --max-body-size}. */
  public static final long DEFAULT_MAX_BODY_SIZE = 4L << 20;

  private final HttpServer server;
  private final ExecutorService executor;
  private final FunctionHttpHandler router;
  private final long maxBodySize;

  private FunctionHttpServer(HttpServer server, ExecutorService executor, FunctionHttpHandler router, long maxBodySize) {
    this.server = server;
    this.executor = executor;
    this.router = router;
    this.maxBodySize = maxBodySize;
  }

  /** Serves {@code router} on every interface at {@code port} (0 picks a free port). */
  public static FunctionHttpServer start(FunctionHttpHandler router, int port) throws IOException {
    return start(router, new InetSocketAddress(port), DEFAULT_MAX_BODY_SIZE);
  }

  /** Serves {@code router} on loopback only, at a free port: for tests and local demos. */
  public static FunctionHttpServer startOnLoopback(FunctionHttpHandler router) throws IOException {
    return start(router, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), DEFAULT_MAX_BODY_SIZE);
  }

  /** Serves {@code router} at {@code address}, refusing bodies over {@code maxBodySize} bytes. */
  public static FunctionHttpServer start(FunctionHttpHandler router, InetSocketAddress address, long maxBodySize)
      throws IOException {
    Objects.requireNonNull(router, "router == null");
    HttpServer server = HttpServer.create(address, 128);
    ThreadPoolExecutor executor = new ThreadPoolExecutor(8, 64, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        runnable -> {
          Thread thread = new Thread(runnable, "function-http-" + THREADS.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
    executor.allowCoreThreadTimeOut(true);
    FunctionHttpServer host = new FunctionHttpServer(server, executor, router, maxBodySize);
    server.createContext("/", host::serve);
    server.setExecutor(executor);
    server.start();
    return host;
  }

  /** The port the server listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://<address>:<port>}: the function's base URL, for a compute.http endpoint. */
  public URI baseUrl() {
    InetAddress address = server.getAddress().getAddress();
    String host = address.isAnyLocalAddress() ? "127.0.0.1" : address.getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + port());
  }

  /** Stops accepting requests, waits up to a second for those in flight, and stops the threads. */
  @Override
  public void close() {
    server.stop(1);
    executor.shutdownNow();
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      URI uri = exchange.getRequestURI();
      String method = exchange.getRequestMethod();
      Payload body;
      try (InputStream in = exchange.getRequestBody()) {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodySize + 1));
        if (bytes.length > maxBodySize) {
          byte[] message = ("{\"error\":\"the request body is over " + ByteSize.format(maxBodySize) + "\"}")
              .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set(Protocol.MARKER_HEADER, Integer.toString(Protocol.VERSION));
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(413, message.length);
          exchange.getResponseBody().write(message);
          return;
        }
        body = Payload.wrap(bytes);
      }
      FunctionHttpRequest request = new FunctionHttpRequest(method, uri.getRawPath(),
          uri.getRawQuery() == null ? "" : uri.getRawQuery(), headers(exchange.getRequestHeaders()), body);
      FunctionHttpResponse response = router.handle(request);
      Headers out = exchange.getResponseHeaders();
      response.headers().forEach(out::add);
      boolean noBody = method.equalsIgnoreCase("HEAD") || response.status() == 204 || response.status() == 304
          || response.body().isEmpty();
      exchange.sendResponseHeaders(response.status(), noBody ? -1 : response.body().size());
      if (!noBody) {
        try (OutputStream os = exchange.getResponseBody()) {
          response.body().writeTo(os);
        }
      }
    } catch (IOException | RuntimeException e) {
      log.debug("a request to the function host failed", e);
      throw e;
    }
  }

  private static Metadata headers(Headers headers) {
    Metadata.Builder builder = Metadata.builder();
    for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
      for (String value : entry.getValue()) {
        builder.add(entry.getKey(), value);
      }
    }
    return builder.build();
  }
}
