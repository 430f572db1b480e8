package dev.daprcompute.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * An immutable sequence of bytes: the body of a request or a reply.
 *
 * <p>Payloads are passed through the data path without copying: {@link #wrap(byte[])} takes
 * ownership of an array, {@link #of(byte[])} copies one. {@link #toString()} never shows the
 * content, which may be sensitive.
 */
public final class Payload {
  private static final Payload EMPTY = new Payload(new byte[0]);

  private final byte[] bytes;

  private Payload(byte[] bytes) {
    this.bytes = bytes;
  }

  /** The empty payload. */
  public static Payload empty() {
    return EMPTY;
  }

  /** A payload holding a copy of {@code bytes}. */
  public static Payload of(byte[] bytes) {
    return bytes.length == 0 ? EMPTY : new Payload(bytes.clone());
  }

  /**
   * A payload that takes ownership of {@code bytes} without copying them. The caller must not
   * modify the array afterwards.
   */
  public static Payload wrap(byte[] bytes) {
    return bytes.length == 0 ? EMPTY : new Payload(bytes);
  }

  /** A payload holding the UTF-8 encoding of {@code text}. */
  public static Payload ofUtf8(String text) {
    return wrap(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The number of bytes. */
  public int size() {
    return bytes.length;
  }

  /** Whether there are no bytes. */
  public boolean isEmpty() {
    return bytes.length == 0;
  }

  /** A copy of the bytes. */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  /** A read-only view of the bytes, without copying. */
  public ByteBuffer asReadOnlyBuffer() {
    return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
  }

  /** The bytes decoded as UTF-8 (malformed input is replaced, never rejected). */
  public String toUtf8() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /**
   * The first {@code maxBytes} bytes decoded as UTF-8, as {@link #toUtf8()} decodes them: for
   * reading or quoting the start of a body (a platform's error page, say) without decoding all of
   * it. A character cut at the end becomes a replacement character.
   *
   * @throws IllegalArgumentException when {@code maxBytes} is negative
   */
  public String toUtf8(int maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes is negative: " + maxBytes);
    }
    return new String(bytes, 0, Math.min(bytes.length, maxBytes), StandardCharsets.UTF_8);
  }

  /**
   * The bytes as text when they are well-formed UTF-8; empty when they are not (binary data), never
   * a text with replacement characters.
   */
  public Optional<String> utf8Text() {
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  /** Writes the bytes to {@code out}. */
  public void writeTo(OutputStream out) throws IOException {
    out.write(bytes);
  }

  /**
   * The backing array itself, for code in this library that hands it to an encoder without
   * modifying it. Callers outside the library should use {@link #toByteArray()}.
   */
  public byte[] unsafeArray() {
    return bytes;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Payload that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** The size only: payloads may carry sensitive data. */
  @Override
  public String toString() {
    return "Payload[" + bytes.length + " bytes]";
  }
}
