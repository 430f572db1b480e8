package dev.daprcompute.function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.Protocol;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A function on loopback for tests: a {@link FunctionRouter} behind the JDK HTTP server, where a
 * test can also script raw answers for a path, as the function itself (with the marker) or as the
 * platform in front of it (without).
 */
final class LoopbackFunction implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "loopback-function");
            t.setDaemon(true);
            return t;
          });
  private final FunctionRouter router;
  private final Map<String, Scripted> scripts = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> platformAnswered = new ConcurrentHashMap<>();

  /** An answer for a path; {@code times} answers left, or null for every request until cleared. */
  record Scripted(
      int status,
      Metadata headers,
      byte[] body,
      boolean fromFunction,
      @Nullable AtomicInteger times) {}

  LoopbackFunction(FunctionRouter router) throws IOException {
    this.router = router;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.createContext("/", this::serve);
    server.setExecutor(executor);
    server.start();
  }

  URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/fn");
  }

  /** The platform answers {@code path} itself, without the marker. */
  void platformAnswers(String path, int status, Metadata headers, String body) {
    scripts.put("/fn" + path, new Scripted(status, headers, body.getBytes(), false, null));
  }

  /**
   * The platform answers the next {@code times} requests for {@code path} itself; then the function
   * does.
   */
  void platformAnswersNext(int times, String path, int status, Metadata headers, String body) {
    scripts.put(
        "/fn" + path,
        new Scripted(status, headers, body.getBytes(), false, new AtomicInteger(times)));
  }

  /**
   * How many scripted platform answers were served for {@code path} since {@link #clearScripts()}.
   */
  int platformAnswered(String path) {
    AtomicInteger count = platformAnswered.get("/fn" + path);
    return count == null ? 0 : count.get();
  }

  /** The function answers {@code path} with exactly these bytes, with the marker. */
  void functionAnswersRaw(String path, int status, String contentType, byte[] body) {
    scripts.put(
        "/fn" + path,
        new Scripted(status, Metadata.of("content-type", contentType), body, true, null));
  }

  void clearScripts() {
    scripts.clear();
    platformAnswered.clear();
  }

  /** The script for {@code path} if it still has an answer to give, taking that answer. */
  private @Nullable Scripted take(String path) {
    Scripted scripted = scripts.get(path);
    if (scripted == null) {
      return null;
    }
    if (scripted.times() != null && scripted.times().getAndDecrement() <= 0) {
      scripts.remove(path, scripted);
      return null;
    }
    if (!scripted.fromFunction()) {
      platformAnswered.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    }
    return scripted;
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      Scripted scripted = take(path);
      int status;
      Metadata headers;
      byte[] body;
      if (scripted != null) {
        exchange.getRequestBody().readAllBytes();
        status = scripted.status();
        Metadata.Builder h = scripted.headers().toBuilder();
        if (scripted.fromFunction()) {
          h.set(Protocol.MARKER_HEADER, "1");
        }
        headers = h.build();
        body = scripted.body();
      } else if (!path.startsWith("/fn")) {
        status = 404;
        headers = Metadata.empty();
        body = new byte[0];
      } else {
        Metadata.Builder in = Metadata.builder();
        exchange
            .getRequestHeaders()
            .forEach((name, values) -> values.forEach(v -> in.add(name, v)));
        String query = exchange.getRequestURI().getRawQuery();
        FunctionHttpResponse response =
            router.handle(
                new FunctionHttpRequest(
                    exchange.getRequestMethod(),
                    path.substring(3),
                    query == null ? "" : query,
                    in.build(),
                    Payload.wrap(exchange.getRequestBody().readAllBytes())));
        status = response.status();
        headers = response.headers();
        body = response.body().toByteArray();
      }
      headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      boolean empty = body.length == 0 || exchange.getRequestMethod().equals("HEAD");
      exchange.sendResponseHeaders(status, empty ? -1 : body.length);
      if (!empty) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  static List<String> list(String... values) {
    return List.of(values);
  }
}
