package dev.daprcompute.protocol.fuzz;

/** Values as a failure report shows them: escaped, and cut when long. */
public final class Show {
  private Show() {}

  private static final int MAX = 1200;

  /** {@code value} for a report: strings and bytes escaped, everything cut at 1,200 characters. */
  public static String value(Object value) {
    if (value instanceof String s) {
      return quote(s) + (s.length() > MAX ? "... (" + s.length() + " chars)" : "");
    }
    if (value instanceof byte[] bytes) {
      return Bytes.show(bytes);
    }
    String text = String.valueOf(value);
    return quote(text) + (text.length() > MAX ? "... (" + text.length() + " chars)" : "");
  }

  /** {@code text} as a Java string literal, at most {@value #MAX} characters of it. */
  static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < Math.min(text.length(), MAX); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c >= 0x7f) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
