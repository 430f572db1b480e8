package dev.daprcompute.function;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.internal.ByteSize;
import dev.daprcompute.protocol.internal.JdkHttpHost;
import dev.daprcompute.protocol.wire.Marker;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Hosts a {@link FunctionRouter} (or any {@link FunctionHttpHandler}) on the JDK's HTTP server: for
 * containers, VMs, Azure Functions custom handlers, OpenFaaS or Knative, and for tests on loopback.
 *
 * <p>Each request's head goes to {@link FunctionHttpHandler#beforeBody} first, so a request without
 * a valid token is answered {@code 401} before its body is read. A request must arrive, headers and
 * body, within the {@linkplain Builder#requestReadTimeout request read timeout} (default 10 s), or
 * its connection is closed: slow or stalled clients cannot hold the host's threads. Up to
 * {@linkplain Builder#maxThreads 64 threads} are started as requests arrive. Request bodies over
 * the limit are answered with 413. Responses go out without Nagle's delay ({@code
 * sun.net.httpserver.nodelay}, set unless the application set it). {@link #close()} stops the
 * server and its threads. Thread-safe.
 */
public final class FunctionHttpServer implements AutoCloseable {
  private static final System.Logger log = System.getLogger(FunctionHttpServer.class.getName());

  /** The default request body limit, daprd's {@code --max-body-size}. */
  public static final long DEFAULT_MAX_BODY_SIZE = 4L << 20;

  /** The default time a request may take to arrive, headers and body: 10 s. */
  public static final Duration DEFAULT_REQUEST_READ_TIMEOUT =
      JdkHttpHost.DEFAULT_REQUEST_READ_TIMEOUT;

  /** The default number of threads: as many as a component's default {@code maxConcurrency}, 64. */
  public static final int DEFAULT_MAX_THREADS = JdkHttpHost.DEFAULT_MAX_THREADS;

  private final JdkHttpHost host;
  private final FunctionHttpHandler router;
  private final long maxBodySize;

  private FunctionHttpServer(Builder builder) throws IOException {
    this.router = builder.handler;
    this.maxBodySize = builder.maxBodySize;
    this.host =
        JdkHttpHost.start(
            JdkHttpHost.Settings.defaults(builder.address, "function-http")
                .withMaxThreads(builder.maxThreads)
                .withRequestReadTimeout(builder.requestReadTimeout),
            this::serve);
  }

  /**
   * Serves {@code router} on every interface at {@code port} (0 picks a free port), with the
   * defaults.
   */
  public static FunctionHttpServer start(FunctionHttpHandler router, int port) throws IOException {
    return builder(router).address(new InetSocketAddress(port)).start();
  }

  /**
   * Serves {@code router} on loopback only, at a free port, with the defaults: for tests and local
   * demos.
   */
  public static FunctionHttpServer startOnLoopback(FunctionHttpHandler router) throws IOException {
    return builder(router).start();
  }

  /** Serves {@code router} at {@code address}, refusing bodies over {@code maxBodySize} bytes. */
  public static FunctionHttpServer start(
      FunctionHttpHandler router, InetSocketAddress address, long maxBodySize) throws IOException {
    return builder(router).address(address).maxBodySize(maxBodySize).start();
  }

  /**
   * A server for {@code router}, on loopback at a free port unless {@link Builder#address} says
   * otherwise.
   */
  public static Builder builder(FunctionHttpHandler router) {
    return new Builder(router);
  }

  /** The port the server listens on. */
  public int port() {
    return host.address().getPort();
  }

  /** {@code http://<address>:<port>}: the function's base URL, for a compute.http endpoint. */
  public URI baseUrl() {
    InetAddress address = host.address().getAddress();
    String name = address.isAnyLocalAddress() ? "127.0.0.1" : address.getHostAddress();
    if (name.contains(":")) {
      name = "[" + name + "]";
    }
    return URI.create("http://" + name + ":" + port());
  }

  /** Stops accepting requests, waits up to a second for those in flight, and stops the threads. */
  @Override
  public void close() {
    host.stop(1);
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      URI uri = exchange.getRequestURI();
      String method = exchange.getRequestMethod();
      FunctionHttpRequest head =
          new FunctionHttpRequest(
              method,
              uri.getRawPath(),
              uri.getRawQuery() == null ? "" : uri.getRawQuery(),
              headers(exchange.getRequestHeaders()),
              Payload.empty());
      Optional<FunctionHttpResponse> early = router.beforeBody(head);
      if (early.isPresent()) {
        JdkHttpHost.answerWithoutReadingBody(exchange);
        send(exchange, method, early.get());
        return;
      }
      Payload body = JdkHttpHost.readBody(exchange, maxBodySize);
      if (body == null) {
        byte[] message =
            ("{\"error\":\"the request body is over " + ByteSize.format(maxBodySize) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        JdkHttpHost.answerWithoutReadingBody(exchange);
        send(
            exchange,
            method,
            new FunctionHttpResponse(
                413,
                Marker.set(Metadata.builder()).set("content-type", "application/json").build(),
                Payload.wrap(message)));
        return;
      }
      send(
          exchange,
          method,
          router.handle(
              new FunctionHttpRequest(
                  head.method(), head.path(), head.rawQuery(), head.headers(), body)));
    } catch (IOException | RuntimeException e) {
      log.log(System.Logger.Level.DEBUG, "a request to the function host failed", e);
      throw e;
    }
  }

  private static void send(HttpExchange exchange, String method, FunctionHttpResponse response)
      throws IOException {
    Headers out = exchange.getResponseHeaders();
    response.headers().forEach(out::add);
    boolean noBody =
        method.equalsIgnoreCase("HEAD")
            || response.status() == 204
            || response.status() == 304
            || response.body().isEmpty();
    exchange.sendResponseHeaders(response.status(), noBody ? -1 : response.body().size());
    if (!noBody) {
      try (OutputStream os = exchange.getResponseBody()) {
        response.body().writeTo(os);
      }
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

  /** Settings of a {@link FunctionHttpServer}; not thread-safe. */
  public static final class Builder {
    private final FunctionHttpHandler handler;
    private InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private long maxBodySize = DEFAULT_MAX_BODY_SIZE;
    private Duration requestReadTimeout = DEFAULT_REQUEST_READ_TIMEOUT;
    private int maxThreads = DEFAULT_MAX_THREADS;

    private Builder(FunctionHttpHandler handler) {
      this.handler = Objects.requireNonNull(handler, "router == null");
    }

    /** Where to listen; default loopback at a free port. Port 0 picks a free port. */
    public Builder address(InetSocketAddress address) {
      this.address = Objects.requireNonNull(address, "address == null");
      return this;
    }

    /** The largest request body taken; larger ones are answered 413. Default 4 MiB, as daprd's. */
    public Builder maxBodySize(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("maxBodySize must not be negative, was " + bytes);
      }
      this.maxBodySize = bytes;
      return this;
    }

    /**
     * How long a request may take to arrive, from its first byte until its body is read (headers
     * included); past it the connection is closed. Default 10 s. The handler itself has no such
     * limit once the request is read.
     *
     * @throws IllegalArgumentException when it is zero or negative
     */
    public Builder requestReadTimeout(Duration timeout) {
      this.requestReadTimeout = JdkHttpHost.checkRequestReadTimeout(timeout);
      return this;
    }

    /**
     * The most threads serving requests at once; more requests wait in a bounded queue, and past
     * that new connections are closed. Default 64.
     *
     * @throws IllegalArgumentException when it is less than 1
     */
    public Builder maxThreads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("maxThreads must be at least 1, was " + threads);
      }
      this.maxThreads = threads;
      return this;
    }

    /**
     * Binds and starts the server.
     *
     * @throws IOException when the address cannot be bound
     */
    public FunctionHttpServer start() throws IOException {
      return new FunctionHttpServer(this);
    }
  }
}
