package dev.daprcompute.api.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go's duration syntax ({@code time.ParseDuration}), as Dapr's YAML uses it: {@code 1m30s}, {@code 500ms}. */
public final class GoDuration {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");

  private GoDuration() {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming the text and showing the expected form
   */
  public static Duration parse(String text) {
    String s = text.trim();
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    boolean negative = false;
    if (s.startsWith("-") || s.startsWith("+")) {
      negative = s.startsWith("-");
      s = s.substring(1);
    }
    if (s.isEmpty()) {
      throw invalid(text);
    }
    Matcher m = PART.matcher(s);
    int at = 0;
    BigDecimal nanos = BigDecimal.ZERO;
    while (at < s.length()) {
      if (!m.find(at) || m.start() != at) {
        throw invalid(text);
      }
      nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitNanos(m.group(2)))));
      at = m.end();
    }
    // Go keeps whole nanoseconds and rejects what does not fit in an int64 of nanoseconds.
    java.math.BigInteger total = nanos.toBigInteger();
    if (negative) {
      total = total.negate();
    }
    if (total.bitLength() > 63) {
      throw new IllegalArgumentException("'" + text + "' is not a duration: it is longer than Go allows (about 2562047h)");
    }
    return Duration.ofNanos(total.longValueExact());
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
    double seconds = duration.toSecondsPart() + duration.toNanosPart() / 1e9;
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      out.append(minutes).append('m');
    }
    if (seconds == Math.rint(seconds)) {
      out.append((long) seconds).append('s');
    } else {
      out.append(BigDecimal.valueOf(seconds).stripTrailingZeros().toPlainString()).append('s');
    }
    return out.toString();
  }

  private static long unitNanos(String unit) {
    return switch (unit) {
      case "ns" -> 1L;
      case "us", "µs", "μs" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      case "h" -> 3_600_000_000_000L;
      default -> throw new IllegalStateException(unit);
    };
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException(
        "'" + text + "' is not a duration: write a number and a unit (ns, us, ms, s, m, h), such as 30s, 1m30s or 500ms");
  }
}
