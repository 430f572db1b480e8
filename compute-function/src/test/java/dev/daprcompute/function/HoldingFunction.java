package dev.daprcompute.function;

import dev.daprcompute.protocol.InfoDocument;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.wire.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A function on a raw loopback socket that answers the info call (so init passes) and holds every
 * other request open without answering: a call to it ends only by its deadline or its cancellation,
 * never by an answer, whatever the machine's load. It sees what the JDK's HTTP server hides: when
 * the client closes a held request's connection.
 */
final class HoldingFunction implements AutoCloseable {
  private static final byte[] INFO =
      WireFormat.writeInfo(
          new InfoDocument(Protocol.VERSION, "1.0.0", "holding", List.of(), List.of()));

  private final ServerSocket server;
  private final ConcurrentLinkedQueue<Socket> sockets = new ConcurrentLinkedQueue<>();
  private final CountDownLatch held = new CountDownLatch(1);
  private final CountDownLatch closed = new CountDownLatch(1);

  HoldingFunction() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "holding-function");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/fn");
  }

  /** Waits until a request (other than the info call) is being held; false if none came in time. */
  boolean awaitHeld(Duration timeout) throws InterruptedException {
    return held.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Waits until the client closed the connection of a held request; false if it did not in time.
   */
  boolean awaitClosedByClient(Duration timeout) throws InterruptedException {
    return closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        sockets.add(socket);
        if (server.isClosed()) {
          // accepted while close() ran: its loop may have missed this socket, so it ends here,
          // or a call meant to be refused would be held on it instead
          socket.close();
          return;
        }
        Thread connection = new Thread(() -> serve(socket), "holding-function-connection");
        connection.setDaemon(true);
        connection.start();
      } catch (IOException stopped) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      while (true) { // requests on a kept-alive connection
        String head = readHead(in);
        if (head == null) {
          return;
        }
        long length = contentLength(head);
        in.readNBytes((int) length);
        if (head.substring(0, head.indexOf('\r')).contains(Protocol.INFO_PATH + " ")) {
          out.write(
              ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                      + Protocol.MARKER_HEADER
                      + ": "
                      + Protocol.VERSION
                      + "\r\nContent-Length: "
                      + INFO.length
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
          out.write(INFO);
          out.flush();
          continue;
        }
        held.countDown();
        // Never answer: read until the client gives up on the connection.
        try {
          while (in.read() >= 0) {
            // discard
          }
        } catch (IOException reset) {
          // a reset is the client closing too
        }
        if (!server.isClosed()) {
          closed.countDown();
        }
        return;
      }
    } catch (IOException e) {
      // the connection broke while reading a request: nothing is held on it
    }
  }

  /** The request line and headers, without the blank line; null at the end of the stream. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  private static long contentLength(String head) {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        return Long.parseLong(line.substring("content-length:".length()).trim());
      }
    }
    return 0;
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket socket : sockets) {
      socket.close();
    }
  }
}
