package dev.daprcompute.protocol.fuzz;

import java.util.List;
import java.util.Random;

/**
 * JSON documents that are well-formed but wrong: any value where a format expects another, members
 * of a format's own names with values of every type, nulls, numbers beyond int and long, deep
 * nesting, repeated members. Written as text so that shrinking can cut them down.
 */
public final class JsonText {
  private JsonText() {}

  private static final List<String> NUMBERS =
      List.of(
          "0",
          "-0",
          "1",
          "-1",
          "200",
          "2147483647",
          "2147483648",
          "-2147483649",
          "4294967496",
          "9223372036854775807",
          "9223372036854775808",
          "1e400",
          "-1e400",
          "1.5",
          "1E2",
          "0.000001",
          "253402300799",
          "253402300800",
          "1e-400",
          "99999999999999999999999999999999999");

  private static final List<String> STRINGS =
      List.of(
          "\"\"",
          "\" \"",
          "\"1.0\"",
          "\"0.3\"",
          "\"2.0\"",
          "\"SUCCESS\"",
          "\"true\"",
          "\"200\"",
          "\"/\"",
          "\"..\"",
          "\"a\\u0000b\"",
          "\"\\r\\n\"",
          "\"application/json\"",
          "\"application/cloudevents+json\"",
          "\"text/plain\"",
          "\"AAAA\"",
          "\"!!!\"",
          "\"\\u00e9\"",
          "\"eyJhbGciOiJub25lIn0\"");

  /**
   * Any JSON value of nesting up to {@code depth}, objects keyed by {@code names} (and a few
   * others).
   */
  public static Gen<String> value(int depth, List<String> names) {
    return value(depth, names, Strings.any(12));
  }

  /** {@link #value(int, List)} with string members drawn from {@code strings}. */
  public static Gen<String> value(int depth, List<String> names, Gen<String> strings) {
    List<String> keys = List.copyOf(names);
    return random -> Strings.shrinking(write(random, depth, keys, strings));
  }

  /**
   * A JSON object holding a random subset of {@code names}, each with a value of a random type, and
   * now and then a member twice or an unknown member.
   */
  public static Gen<String> objectOf(List<String> names, int depth) {
    return objectOf(names, depth, Strings.any(12));
  }

  /**
   * {@link #objectOf(List, int)} with string members and unknown names drawn from {@code strings}.
   */
  public static Gen<String> objectOf(List<String> names, int depth, Gen<String> strings) {
    List<String> keys = List.copyOf(names);
    return random -> Strings.shrinking(object(random, depth, keys, 0.6, strings));
  }

  private static String write(Random random, int depth, List<String> keys, Gen<String> strings) {
    int kind = random.nextInt(depth <= 0 ? 4 : 7);
    return switch (kind) {
      case 0 -> List.of("null", "true", "false").get(random.nextInt(3));
      case 1 -> NUMBERS.get(random.nextInt(NUMBERS.size()));
      case 2 -> STRINGS.get(random.nextInt(STRINGS.size()));
      case 3 -> quote(strings.next(random));
      case 4 -> array(random, depth - 1, keys, strings);
      default -> object(random, depth - 1, keys, 0.3, strings);
    };
  }

  private static String array(Random random, int depth, List<String> keys, Gen<String> strings) {
    StringBuilder out = new StringBuilder("[");
    int n = random.nextInt(4);
    for (int i = 0; i < n; i++) {
      out.append(i == 0 ? "" : ",").append(write(random, depth, keys, strings));
    }
    return out.append(']').toString();
  }

  private static String object(
      Random random, int depth, List<String> keys, double each, Gen<String> strings) {
    StringBuilder out = new StringBuilder("{");
    boolean first = true;
    for (String key : keys) {
      if (random.nextDouble() >= each) {
        continue;
      }
      int times = random.nextInt(20) == 0 ? 2 : 1;
      for (int t = 0; t < times; t++) {
        out.append(first ? "" : ",")
            .append(quote(key))
            .append(':')
            .append(write(random, Math.max(depth, 0), keys, strings));
        first = false;
      }
    }
    if (random.nextInt(4) == 0) {
      out.append(first ? "" : ",")
          .append(quote(strings.next(random)))
          .append(':')
          .append(write(random, 0, keys, strings));
    }
    return out.append('}').toString();
  }

  /**
   * {@code text} as a JSON string literal (lone surrogates escaped, so the document stays valid).
   */
  public static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || Character.isSurrogate(c) || c == 0x7f) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
