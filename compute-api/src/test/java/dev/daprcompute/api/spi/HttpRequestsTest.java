package dev.daprcompute.api.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import java.io.IOException;
import java.util.SplittableRandom;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okio.Buffer;
import okio.BufferedSink;
import okio.ForwardingSink;
import okio.Okio;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HttpRequestsTest {
  private static final MediaType OCTETS = MediaType.get("application/octet-stream");

  /** What a connection's socket sees: every write and the largest one. */
  private static final class Socket extends ForwardingSink {
    final Buffer received;
    long largestWrite;

    Socket(Buffer received) {
      super(received);
      this.received = received;
    }

    @Override
    public void write(Buffer source, long byteCount) throws IOException {
      largestWrite = Math.max(largestWrite, byteCount);
      super.write(source, byteCount);
    }
  }

  private static byte[] bytes(int size) {
    byte[] bytes = new byte[size];
    new SplittableRandom(size).nextBytes(bytes);
    return bytes;
  }

  private static Socket send(RequestBody body) throws IOException {
    Socket socket = new Socket(new Buffer());
    BufferedSink sink = Okio.buffer(socket);
    body.writeTo(sink);
    sink.flush();
    return socket;
  }

  @Test
  @DisplayName(
      "a large body reaches the socket a slice at a time, never copied whole into OkHttp's buffer first")
  void slices() throws IOException {
    byte[] body = bytes(1 << 20);
    Socket socket = send(HttpRequests.body("POST", Payload.wrap(body), "application/octet-stream"));
    assertThat(socket.received.readByteArray()).isEqualTo(body);
    // OkHttp's own byte-array body hands the buffered sink all 1 MiB at once: one write of 1 MiB.
    assertThat(socket.largestWrite).isLessThanOrEqualTo(HttpRequests.SLICE + 8192);
  }

  @Test
  @DisplayName(
      "a body over part of an array sends that part, declares its length, and can be sent again")
  void window() throws IOException {
    byte[] array = bytes(200_000);
    RequestBody body = HttpRequests.bytes(array, 1_000, 150_001, OCTETS);
    assertThat(body.contentLength()).isEqualTo(150_001);
    assertThat(body.contentType()).isEqualTo(OCTETS);
    assertThat(body.isOneShot()).as("a retried idempotent call sends it again").isFalse();
    byte[] expected = java.util.Arrays.copyOfRange(array, 1_000, 151_001);
    assertThat(send(body).received.readByteArray()).isEqualTo(expected);
    assertThat(send(body).received.readByteArray()).isEqualTo(expected);
    assertThat(send(HttpRequests.bytes(array, 0, 0, null)).received.size()).isZero();
    assertThatExceptionOfType(IndexOutOfBoundsException.class)
        .isThrownBy(() -> HttpRequests.bytes(array, 1, array.length, null));
  }

  @Test
  @DisplayName("a request below a base URL carries the body, its type and the headers")
  void below() throws IOException {
    FunctionRequest call =
        new FunctionRequest(
            Operation.INVOKE,
            "PUT",
            "/orders/1",
            "a=b",
            Metadata.of("content-type", "text/plain", "x-id", "7"),
            Payload.ofUtf8("hello"));
    Request request = HttpRequests.below(HttpUrl.get("http://127.0.0.1:1/base/"), call).build();
    assertThat(request.url().toString()).isEqualTo("http://127.0.0.1:1/base/orders/1?a=b");
    assertThat(request.header("x-id")).isEqualTo("7");
    assertThat(request.body().contentType().toString()).startsWith("text/plain");
    assertThat(send(request.body()).received.readUtf8()).isEqualTo("hello");
    assertThat(request.body().isOneShot())
        .as("a PUT may be sent again on a broken connection")
        .isFalse();
    assertThat(HttpRequests.body("POST", Payload.ofUtf8("x"), "").isOneShot())
        .as("a POST never is")
        .isTrue();
    assertThat(HttpRequests.body("PATCH", Payload.ofUtf8("x"), "text/plain").isOneShot()).isTrue();
    assertThat(HttpRequests.body("GET", Payload.empty(), "")).isNull();
  }
}
