package dev.daprcompute.api.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.EOFException;
import java.io.IOException;
import java.util.SplittableRandom;
import okhttp3.MediaType;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.Okio;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HttpClientsTest {
  private static byte[] bytes(int size) {
    byte[] bytes = new byte[size];
    new SplittableRandom(size).nextBytes(bytes);
    return bytes;
  }

  /**
   * A body whose source holds {@code held} and which declares {@code declared} bytes (-1: unknown).
   */
  private static ResponseBody body(byte[] held, long declared) {
    BufferedSource source = Okio.buffer(Okio.source(new java.io.ByteArrayInputStream(held)));
    return ResponseBody.create(source, MediaType.get("application/octet-stream"), declared);
  }

  @Test
  @DisplayName("a body of declared length is read whole, and one of unknown length too")
  void whole() throws IOException {
    byte[] reply = bytes(300_000);
    assertThat(HttpClients.readAtMost(body(reply, reply.length), reply.length)).isEqualTo(reply);
    assertThat(HttpClients.readAtMost(body(reply, -1), reply.length)).isEqualTo(reply);
    assertThat(HttpClients.readAtMost(body(new byte[0], 0), 0)).isEmpty();
  }

  @Test
  @DisplayName("more than the limit fails whether the body declares it or only sends it")
  void limit() {
    byte[] reply = bytes(10_001);
    assertThatExceptionOfType(HttpClients.TooLarge.class)
        .isThrownBy(() -> HttpClients.readAtMost(body(reply, reply.length), 10_000));
    assertThatExceptionOfType(HttpClients.TooLarge.class)
        .isThrownBy(() -> HttpClients.readAtMost(body(reply, -1), 10_000));
  }

  @Test
  @DisplayName(
      "a body that ends before its declared length is a failure of the connection, never a short answer")
  void truncated() {
    assertThatExceptionOfType(EOFException.class)
        .isThrownBy(() -> HttpClients.readAtMost(body(bytes(1_000), 2_000), 10_000))
        .withMessageContaining("1000 of the 2000 bytes");
  }

  @Test
  @DisplayName(
      "a body of declared length is read into one array of that length, not buffered whole first")
  void readsStraightIn() throws IOException {
    byte[] reply = bytes(1 << 20);
    Buffer upstream = new Buffer().write(reply);
    long[] largestRead = {0};
    BufferedSource source =
        Okio.buffer(
            new okio.ForwardingSource(upstream) {
              @Override
              public long read(Buffer sink, long byteCount) throws IOException {
                long read = super.read(sink, Math.min(byteCount, 8192));
                largestRead[0] = Math.max(largestRead[0], sink.size());
                return read;
              }
            });
    byte[] read =
        HttpClients.readAtMost(ResponseBody.create(source, null, reply.length), reply.length);
    assertThat(read).isEqualTo(reply);
    // Buffering first (the way for bodies of unknown length) holds all 1 MiB in segments at once.
    assertThat(largestRead[0]).isLessThanOrEqualTo(8192);
  }
}
