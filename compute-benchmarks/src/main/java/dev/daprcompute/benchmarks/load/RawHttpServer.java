package dev.daprcompute.benchmarks.load;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The smallest HTTP/1.1 server that answers at once: one thread per kept-alive connection, the
 * request head parsed by hand, the body read into a buffer the connection reuses and thrown away
 * (only its first {@link #PREFIX} bytes are shown to the {@link Responder}), and an answer written
 * from bytes prepared before the run, in one write. Its cost per call is small and the same for
 * every client measured against it; it allocates almost nothing per call, and its threads (named
 * {@code raw-server-*}) are known, so an allocation count can leave them out ({@link #ownsThread}).
 *
 * <p>Not a general server: no pipelining, no {@code Expect: 100-continue}, no TLS. Thread-safe;
 * {@link #close} stops it and its connections.
 */
public final class RawHttpServer implements AutoCloseable {
  /** How many bytes of each request body the responder sees. */
  public static final int PREFIX = 512;

  private static final AtomicInteger THREADS = new AtomicInteger();

  /** A request as the responder sees it. */
  public interface Head {
    String method();

    /** The request target: path and query. */
    String target();

    /** The first value of a header (name in any case), or null. */
    @Nullable String header(String name);

    /** The first {@link #PREFIX} bytes of the body at most, as ISO-8859-1 text. */
    String bodyPrefix();
  }

  /** Chooses the prepared answer (status line, headers and body) for a request. */
  @FunctionalInterface
  public interface Responder {
    byte[] respond(Head head);
  }

  private final ServerSocket socket;
  private final Responder responder;
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private final Set<Long> threadIds = ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.atomic.AtomicLong accepted =
      new java.util.concurrent.atomic.AtomicLong();
  private final Thread acceptor;
  private volatile boolean closed;

  private RawHttpServer(Responder responder) throws IOException {
    this.responder = responder;
    this.socket = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
    this.acceptor = thread(this::accept, "raw-server-accept");
    acceptor.start();
  }

  /** Starts a server on a free loopback port. */
  public static RawHttpServer start(Responder responder) throws IOException {
    return new RawHttpServer(responder);
  }

  /** {@code http://127.0.0.1:port}, without a trailing slash. */
  public String baseUrl() {
    return "http://127.0.0.1:" + socket.getLocalPort();
  }

  /** How many connections this server has accepted. */
  public long accepted() {
    return accepted.get();
  }

  /** Whether the thread with this ID is one of this server's. */
  public boolean ownsThread(long threadId) {
    return threadIds.contains(threadId);
  }

  /** A complete answer: status, headers (name, value, ...), Content-Length and the body. */
  public static byte[] answer(int status, byte[] body, String... headers) {
    StringBuilder head =
        new StringBuilder("HTTP/1.1 ")
            .append(status)
            .append(' ')
            .append(reason(status))
            .append("\r\n");
    for (int i = 0; i + 1 < headers.length; i += 2) {
      head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
    }
    head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
    byte[] start = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = new byte[start.length + body.length];
    System.arraycopy(start, 0, all, 0, start.length);
    System.arraycopy(body, 0, all, start.length, body.length);
    return all;
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 204 -> "No Content";
      case 404 -> "Not Found";
      default -> "Status";
    };
  }

  private Thread thread(Runnable body, String name) {
    Thread thread =
        new Thread(
            () -> {
              threadIds.add(Thread.currentThread().getId());
              body.run();
            },
            name);
    thread.setDaemon(true);
    return thread;
  }

  private void accept() {
    while (!closed) {
      try {
        Socket connection = socket.accept();
        connection.setTcpNoDelay(true);
        accepted.incrementAndGet();
        connections.add(connection);
        thread(() -> serve(connection), "raw-server-" + THREADS.incrementAndGet()).start();
      } catch (IOException e) {
        if (!closed) {
          System.err.println("raw server: accept failed: " + e);
        }
        return;
      }
    }
  }

  private void serve(Socket connection) {
    try (connection) {
      Connection c = new Connection(connection.getInputStream(), connection.getOutputStream());
      while (!closed && c.serveOne()) {
        // one request after another on the kept-alive connection
      }
    } catch (EOFException | SocketException gone) {
      // the client closed the connection
    } catch (IOException | RuntimeException e) {
      if (!closed) {
        System.err.println("raw server: a connection failed: " + e);
      }
    } finally {
      connections.remove(connection);
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing
    }
    for (Socket connection : connections) {
      try {
        connection.close();
      } catch (IOException ignored) {
        // closing
      }
    }
  }

  /** One connection's state: its buffers are reused for every request. */
  private final class Connection implements Head {
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private final StringBuilder line = new StringBuilder(256);
    private final List<String> headerLines = new ArrayList<>();
    private String method = "";
    private String target = "";
    private final byte[] prefix = new byte[PREFIX];
    private int prefixLength;

    Connection(InputStream in, OutputStream out) {
      this.in = in;
      this.out = out;
    }

    /** Serves one request; false when the client closed the connection before one began. */
    boolean serveOne() throws IOException {
      String requestLine = readLine(true);
      if (requestLine == null) {
        return false;
      }
      int space = requestLine.indexOf(' ');
      int second = requestLine.indexOf(' ', space + 1);
      method = requestLine.substring(0, space);
      target = requestLine.substring(space + 1, second);
      headerLines.clear();
      long length = 0;
      boolean chunked = false;
      for (String header = nextLine(); !header.isEmpty(); header = nextLine()) {
        headerLines.add(header);
        if (header.regionMatches(true, 0, "content-length:", 0, 15)) {
          length = Long.parseLong(header.substring(15).trim());
        } else if (header.regionMatches(true, 0, "transfer-encoding:", 0, 18)) {
          chunked = header.toLowerCase(Locale.ROOT).contains("chunked");
        }
      }
      prefixLength = 0;
      if (chunked) {
        for (long size = chunkSize(); size > 0; size = chunkSize()) {
          skipBody(size);
          nextLine();
        }
        for (String trailer = nextLine(); !trailer.isEmpty(); trailer = nextLine()) {
          // trailers are ignored
        }
      } else {
        skipBody(length);
      }
      out.write(responder.respond(this));
      out.flush();
      return true;
    }

    private long chunkSize() throws IOException {
      String size = nextLine();
      int semicolon = size.indexOf(';');
      return Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
    }

    /** Reads {@code length} body bytes, keeping the first {@link #PREFIX} of them. */
    private void skipBody(long length) throws IOException {
      long left = length;
      while (left > 0) {
        if (position == limit && !fill()) {
          throw new EOFException("the body ended early");
        }
        int n = (int) Math.min(left, limit - position);
        int keep = Math.min(n, PREFIX - prefixLength);
        if (keep > 0) {
          System.arraycopy(buffer, position, prefix, prefixLength, keep);
          prefixLength += keep;
        }
        position += n;
        left -= n;
      }
    }

    private boolean fill() throws IOException {
      int n = in.read(buffer);
      if (n <= 0) {
        return false;
      }
      position = 0;
      limit = n;
      return true;
    }

    /** A line without its CRLF; null at a clean end of stream when {@code first}. */
    /**
     * The next line within a request (never null: a request that ends early is an EOFException).
     */
    private String nextLine() throws IOException {
      return Objects.requireNonNull(readLine(false));
    }

    private @Nullable String readLine(boolean first) throws IOException {
      line.setLength(0);
      while (true) {
        if (position == limit && !fill()) {
          if (first && line.length() == 0) {
            return null;
          }
          throw new EOFException("the request ended early");
        }
        byte b = buffer[position++];
        if (b == '\n') {
          int end = line.length();
          if (end > 0 && line.charAt(end - 1) == '\r') {
            line.setLength(end - 1);
          }
          return line.toString();
        }
        line.append((char) (b & 0xff));
      }
    }

    @Override
    public String method() {
      return method;
    }

    @Override
    public String target() {
      return target;
    }

    @Override
    public @Nullable String header(String name) {
      for (String header : headerLines) {
        if (header.length() > name.length()
            && header.charAt(name.length()) == ':'
            && header.regionMatches(true, 0, name, 0, name.length())) {
          return header.substring(name.length() + 1).trim();
        }
      }
      return null;
    }

    @Override
    public String bodyPrefix() {
      return new String(prefix, 0, prefixLength, StandardCharsets.ISO_8859_1);
    }
  }
}
