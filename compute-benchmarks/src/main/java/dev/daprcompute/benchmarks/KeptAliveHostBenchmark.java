package dev.daprcompute.benchmarks;

import dev.daprcompute.protocol.internal.JdkHttpHost;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One small call after another over one kept-alive connection, as daprd drives its app, to a host
 * set up by {@link JdkHttpHost} (the bridge's HTTP app channel and {@code FunctionHttpServer}).
 * Baseline: the host as set up, without Nagle's algorithm. {@code withNagle} runs the same host in
 * a JVM where {@code sun.net.httpserver.nodelay=false} was set first (which {@link JdkHttpHost}
 * then leaves alone): the JDK server writes headers and body apart, and each answer's body waits
 * for the client's delayed ACK.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class KeptAliveHostBenchmark {
  private static final byte[] REQUEST =
      ("POST /orders HTTP/1.1\r\nHost: 127.0.0.1\r\n"
              + "Content-Type: application/cloudevents+json\r\nContent-Length: 2\r\n\r\n{}")
          .getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ANSWER =
      "{\"status\":\"SUCCESS\"}".getBytes(StandardCharsets.US_ASCII);

  private JdkHttpHost host;
  private Socket socket;
  private OutputStream out;
  private InputStream in;

  @Setup
  public void setUp() throws IOException {
    host =
        JdkHttpHost.start(
            JdkHttpHost.Settings.defaults(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "bench-host"),
            exchange -> {
              try (exchange) {
                JdkHttpHost.readBody(exchange, 1024);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, ANSWER.length);
                exchange.getResponseBody().write(ANSWER);
              }
            });
    socket = new Socket(InetAddress.getLoopbackAddress(), host.address().getPort());
    socket.setTcpNoDelay(true); // as Go's net/http client, daprd's
    out = socket.getOutputStream();
    in = new BufferedInputStream(socket.getInputStream());
  }

  @TearDown
  public void tearDown() throws IOException {
    socket.close();
    host.close();
  }

  @Benchmark
  public int noDelay() throws IOException {
    return call();
  }

  @Benchmark
  @Fork(jvmArgsAppend = "-Dsun.net.httpserver.nodelay=false")
  public int withNagle() throws IOException {
    return call();
  }

  /** One request and its whole answer; returns the answer's length. */
  private int call() throws IOException {
    out.write(REQUEST);
    out.flush();
    int length = -1;
    StringBuilder line = new StringBuilder();
    while (true) { // the head, line by line
      int b = in.read();
      if (b < 0) {
        throw new IOException("the host closed the connection");
      }
      if (b != '\n') {
        line.append((char) b);
        continue;
      }
      String text = line.toString().trim();
      line.setLength(0);
      if (text.isEmpty()) {
        break;
      }
      if (text.regionMatches(true, 0, "content-length:", 0, 15)) {
        length = Integer.parseInt(text.substring(15).trim());
      }
    }
    if (length < 0 || in.readNBytes(length).length != length) {
      throw new IOException("no complete answer");
    }
    return length;
  }
}
