package dev.daprcompute.api.internal;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Go's duration syntax ({@code time.ParseDuration}), as Dapr's YAML uses it: {@code 1m30s}, {@code
 * 500ms}.
 */
public final class GoDuration {
  private GoDuration() {}

  private static final long[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};

  /**
   * Parses {@code text} (surrounding whitespace ignored) as Go does: an optional sign, then {@code
   * 0} alone or numbers with an optional fraction, each followed by a unit; each number's fraction
   * cut to whole nanoseconds, the total within an int64 of nanoseconds. Linear in the length of the
   * text.
   *
   * @throws IllegalArgumentException naming the text and showing the expected form
   */
  public static Duration parse(String text) {
    String s = text.trim();
    boolean negative = false;
    if (s.startsWith("-") || s.startsWith("+")) {
      negative = s.startsWith("-");
      s = s.substring(1);
    }
    if (s.equals("0")) { // Go's special case, signed or not
      return Duration.ZERO;
    }
    if (s.isEmpty()) {
      throw invalid(text);
    }
    // Summed as a negative number: an int64 holds -2^63, which Go allows for negative durations.
    long negativeTotal = 0;
    int at = 0;
    while (at < s.length()) {
      int start = at;
      at = skipDigits(s, at);
      int wholeEnd = at;
      String fraction = "";
      if (at < s.length() && s.charAt(at) == '.') {
        int from = ++at;
        at = skipDigits(s, at);
        fraction = s.substring(from, at);
      }
      if (wholeEnd == start && fraction.isEmpty()) {
        throw invalid(text);
      }
      int unitStart = at;
      while (at < s.length() && s.charAt(at) != '.' && !isDigit(s.charAt(at))) {
        at++;
      }
      long unit = unitNanos(s.substring(unitStart, at), text);
      while (start < wholeEnd && s.charAt(start) == '0') {
        start++;
      }
      if (wholeEnd - start > 19) {
        throw tooLong(text); // never fits (Go's leadingInt stops there too), so not even converted
      }
      try {
        long negativeWhole =
            start == wholeEnd ? 0 : Long.parseLong("-" + s.substring(start, wholeEnd));
        long part =
            Math.subtractExact(
                Math.multiplyExact(negativeWhole, unit), fractionNanos(fraction, unit));
        negativeTotal = Math.addExact(negativeTotal, part);
      } catch (ArithmeticException | NumberFormatException tooLarge) {
        throw tooLong(text);
      }
    }
    if (negative) {
      return Duration.ofNanos(negativeTotal);
    }
    if (negativeTotal == Long.MIN_VALUE) {
      throw tooLong(text);
    }
    return Duration.ofNanos(-negativeTotal);
  }

  /** {@code 0.<digits>} of {@code unit}, in whole nanoseconds (cut, as Go cuts them). */
  private static long fractionNanos(String digits, long unit) {
    if (digits.isEmpty()) {
      return 0;
    }
    if (digits.length() <= 6) { // exact in a long: unit is at most 3.6e12
      return Long.parseLong(digits) * unit / POWERS_OF_TEN[digits.length()];
    }
    // Digits past the 30th cannot move a nanosecond of even an hour; Go stops at about 19.
    return new BigDecimal("0." + (digits.length() > 30 ? digits.substring(0, 30) : digits))
        .multiply(BigDecimal.valueOf(unit))
        .longValue();
  }

  private static int skipDigits(String s, int from) {
    int at = from;
    while (at < s.length() && isDigit(s.charAt(at))) {
      at++;
    }
    return at;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Formats like Go's {@code Duration.String()} for whole units: {@code 1m30s}, {@code 500ms}. */
  public static String format(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    long millis = duration.toMillis();
    if (millis < 1000 && duration.toNanos() % 1_000_000 == 0) {
      return millis + "ms";
    }
    StringBuilder out = new StringBuilder();
    long hours = duration.toHours();
    long minutes = duration.toMinutesPart();
    BigDecimal seconds =
        BigDecimal.valueOf(duration.toSecondsPart())
            .add(BigDecimal.valueOf(duration.toNanosPart(), 9));
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      out.append(minutes).append('m');
    }
    out.append(seconds.stripTrailingZeros().toPlainString()).append('s');
    return out.toString();
  }

  private static long unitNanos(String unit, String text) {
    return switch (unit) {
      case "ns" -> 1L;
      case "us", "µs", "μs" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      case "h" -> 3_600_000_000_000L;
      default -> throw invalid(text);
    };
  }

  private static IllegalArgumentException tooLong(String text) {
    return new IllegalArgumentException(
        "'" + text + "' is not a duration: it is longer than Go allows (about 2562047h)");
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException(
        "'"
            + text
            + "' is not a duration: write a number and a unit (ns, us, ms, s, m, h), such as 30s, 1m30s or 500ms");
  }
}
