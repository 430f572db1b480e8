package dev.daprcompute.protocol.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes in bytes as Dapr writes them ({@code --max-body-size 4Mi}): Kubernetes quantity suffixes.
 */
public final class ByteSize {
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(Ki|Mi|Gi|k|K|M|G|B)?");

  private ByteSize() {}

  /**
   * Parses {@code 4194304}, {@code 4Mi} (binary) or {@code 4M} (decimal).
   *
   * @throws IllegalArgumentException naming the text and the accepted forms
   */
  public static long parse(String text) {
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      throw invalid(text, "");
    }
    long number;
    try {
      number = Long.parseLong(m.group(1));
    } catch (NumberFormatException tooLarge) {
      throw invalid(text, " (it is too large)");
    }
    String unit = m.group(2) == null ? "B" : m.group(2);
    long factor =
        switch (unit) {
          case "Ki" -> 1L << 10;
          case "Mi" -> 1L << 20;
          case "Gi" -> 1L << 30;
          case "k", "K" -> 1_000L;
          case "M" -> 1_000_000L;
          case "G" -> 1_000_000_000L;
          default -> 1L;
        };
    try {
      return Math.multiplyExact(number, factor);
    } catch (ArithmeticException tooLarge) {
      throw invalid(text, " (it is too large)");
    }
  }

  private static IllegalArgumentException invalid(String text, String why) {
    return new IllegalArgumentException(
        "'"
            + text
            + "' is not a size"
            + why
            + ": write bytes (4194304) or a number with Ki, Mi, Gi (binary) or k, M, G (decimal), such as 4Mi");
  }

  /** A readable size: {@code 4 MiB}, {@code 512 bytes}. */
  public static String format(long bytes) {
    if (bytes >= (1L << 20) && bytes % (1L << 20) == 0) {
      return (bytes >> 20) + " MiB";
    }
    if (bytes >= (1L << 10) && bytes % (1L << 10) == 0) {
      return (bytes >> 10) + " KiB";
    }
    return bytes + " bytes";
  }
}
