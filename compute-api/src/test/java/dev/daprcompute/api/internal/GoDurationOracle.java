package dev.daprcompute.api.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;

/**
 * What Go's {@code time.ParseDuration} accepts, and its value, written in the test from Go's
 * documented behaviour: an optional sign; then {@code 0} alone, or numbers with an optional
 * fraction, each followed by a unit; the whole within an int64 of nanoseconds (after the sign). The
 * value of a fraction is exact here; Go computes it in float64, so the two may differ by a
 * nanosecond per fractional number.
 */
final class GoDurationOracle {
  private GoDurationOracle() {}

  private static final BigInteger LIMIT = BigInteger.ONE.shiftLeft(63);
  private static final Map<String, Long> UNITS =
      Map.of(
          "ns",
          1L,
          "us",
          1_000L,
          "\u00b5s",
          1_000L,
          "\u03bcs",
          1_000L,
          "ms",
          1_000_000L,
          "s",
          1_000_000_000L,
          "m",
          60_000_000_000L,
          "h",
          3_600_000_000_000L);

  /**
   * The parsed value and the number of fractional numbers in it; empty when Go rejects {@code
   * text}.
   */
  record Parsed(long nanos, int fractions) {}

  static Optional<Parsed> parse(String text) {
    String s = text;
    boolean negative = false;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Optional.of(new Parsed(0, 0));
    }
    if (s.isEmpty()) {
      return Optional.empty();
    }
    BigInteger total = BigInteger.ZERO;
    int fractions = 0;
    int i = 0;
    while (i < s.length()) {
      if (!(s.charAt(i) == '.' || isDigit(s.charAt(i)))) {
        return Optional.empty();
      }
      int start = i;
      while (i < s.length() && isDigit(s.charAt(i))) {
        i++;
      }
      String whole = s.substring(start, i);
      int zeros = 0;
      while (zeros < whole.length() && whole.charAt(zeros) == '0') {
        zeros++;
      }
      String digits = whole.substring(zeros);
      BigInteger v =
          digits.isEmpty()
              ? BigInteger.ZERO
              : digits.length() <= 18
                  ? BigInteger.valueOf(Long.parseLong(digits))
                  : digits.length() <= 19 ? new BigInteger(digits) : LIMIT.add(BigInteger.ONE);
      if (v.compareTo(LIMIT) > 0) {
        return Optional.empty(); // Go's leadingInt overflows
      }
      String fraction = "";
      if (i < s.length() && s.charAt(i) == '.') {
        int from = ++i;
        while (i < s.length() && isDigit(s.charAt(i))) {
          i++;
        }
        fraction = s.substring(from, i);
      }
      if (whole.isEmpty() && fraction.isEmpty()) {
        return Optional.empty();
      }
      int unitStart = i;
      while (i < s.length() && !(s.charAt(i) == '.' || isDigit(s.charAt(i)))) {
        i++;
      }
      Long unit = UNITS.get(s.substring(unitStart, i));
      if (unit == null) {
        return Optional.empty();
      }
      if (v.compareTo(LIMIT.divide(BigInteger.valueOf(unit))) > 0) {
        return Optional.empty();
      }
      v = v.multiply(BigInteger.valueOf(unit));
      if (!fraction.isEmpty() && new BigInteger(fraction).signum() > 0) {
        fractions++;
        v =
            v.add(
                new BigDecimal(
                        "0." + (fraction.length() > 40 ? fraction.substring(0, 40) : fraction))
                    .multiply(BigDecimal.valueOf(unit))
                    .setScale(0, RoundingMode.DOWN)
                    .toBigIntegerExact());
        if (v.compareTo(LIMIT) > 0) {
          return Optional.empty();
        }
      }
      total = total.add(v);
      if (total.compareTo(LIMIT) > 0) {
        return Optional.empty();
      }
    }
    if (negative) {
      return Optional.of(new Parsed(total.negate().longValueExact(), fractions));
    }
    if (total.compareTo(LIMIT) >= 0) {
      return Optional.empty();
    }
    return Optional.of(new Parsed(total.longValueExact(), fractions));
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
