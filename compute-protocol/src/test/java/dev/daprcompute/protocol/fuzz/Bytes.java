package dev.daprcompute.protocol.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Byte strings: random bytes, and valid bodies with random edits. Every value shrinks by removing
 * parts.
 */
public final class Bytes {
  private Bytes() {}

  /** Random bytes, {@code 0} to {@code max} of them. */
  public static Gen<byte[]> any(int max) {
    return random -> {
      byte[] bytes = new byte[random.nextInt(max + 1)];
      random.nextBytes(bytes);
      return shrinking(bytes);
    };
  }

  /** UTF-8 of {@code text}. */
  public static Gen<byte[]> utf8(Gen<String> text) {
    return text.map(s -> s.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Bodies from {@code seeds} with one to four edits: bytes flipped, deleted, inserted, the body
   * cut off, or a part of it duplicated; {@code dictionary} words spliced in as UTF-8.
   */
  public static Gen<byte[]> mutate(Gen<byte[]> seeds, List<String> dictionary) {
    return random -> {
      StringBuilder latin1 =
          new StringBuilder(new String(seeds.next(random), StandardCharsets.ISO_8859_1));
      int edits = 1 + random.nextInt(4);
      for (int i = 0; i < edits; i++) {
        Strings.edit(
            latin1,
            dictionary.stream()
                .map(
                    w ->
                        new String(w.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1))
                .toList(),
            random);
      }
      // Edits may add characters above 0xFF: keep their low byte, as a flipped bit on the wire
      // would.
      byte[] bytes = new byte[latin1.length()];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) latin1.charAt(i);
      }
      return shrinking(bytes);
    };
  }

  /** {@code value} with shrink candidates: shorter byte strings. */
  public static Sample<byte[]> shrinking(byte[] value) {
    return new Sample<>(
        value,
        () -> {
          List<Sample<byte[]>> out = new ArrayList<>();
          int n = value.length;
          if (n == 0) {
            return out;
          }
          out.add(shrinking(new byte[0]));
          for (int chunk = n / 2; chunk >= 1; chunk /= 2) {
            int added = 0;
            for (int start = 0; start < n && added < 32; start += chunk, added++) {
              int end = Math.min(n, start + chunk);
              byte[] shorter = new byte[n - (end - start)];
              System.arraycopy(value, 0, shorter, 0, start);
              System.arraycopy(value, end, shorter, start, n - end);
              out.add(shrinking(shorter));
            }
          }
          return out;
        });
  }

  /** The bytes for a message: UTF-8 where they are, escapes elsewhere. */
  static String show(byte[] bytes) {
    String text = new String(bytes, 0, Math.min(bytes.length, 400), StandardCharsets.UTF_8);
    return Show.quote(text)
        + (bytes.length > 400
            ? "... (" + bytes.length + " bytes)"
            : " (" + bytes.length + " bytes)")
        + (Arrays.equals(text.getBytes(StandardCharsets.UTF_8), bytes) ? "" : " (not all UTF-8)");
  }
}
