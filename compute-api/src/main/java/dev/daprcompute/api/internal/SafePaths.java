package dev.daprcompute.api.internal;

import dev.daprcompute.api.ComputeRequestException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Method paths and query strings made safe to put below a function's base URL (protocol section
 * 5): normalised like Dapr ({@code path.Clean} with a leading {@code /}), never above the base,
 * without control characters or encoded separators a server might decode into a traversal.
 */
public final class SafePaths {
  private SafePaths() {}

  private static final String PCHAR_EXTRA = "-._~!$&'()*+,;=:@";

  /**
   * {@code method} as a path relative to the base URL, starting with {@code /}, percent-encoded.
   *
   * @throws ComputeRequestException when it contains CR, LF or NUL, a backslash, an encoded
   *     {@code /} or {@code \}, or {@code ..} segments that climb above the base URL
   */
  public static String normalize(String method) {
    for (int i = 0; i < method.length(); i++) {
      char c = method.charAt(i);
      if (c == '\r' || c == '\n' || c == '\0') {
        throw new ComputeRequestException("method '" + printable(method)
            + "' contains a control character (CR, LF or NUL), which can never be sent");
      }
      if (c == '\\') {
        throw new ComputeRequestException("method '" + printable(method)
            + "' contains a backslash, which some servers treat as '/': use '/' to separate segments");
      }
    }
    String lower = method.toLowerCase(Locale.ROOT);
    if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00")) {
      throw new ComputeRequestException("method '" + printable(method)
          + "' contains an encoded '/', '\\' or NUL, which a server may decode into another path: send the segments unencoded");
    }
    Deque<String> segments = new ArrayDeque<>();
    for (String segment : method.split("/", -1)) {
      String decoded = segment.toLowerCase(Locale.ROOT).replace("%2e", ".");
      if (segment.isEmpty() || decoded.equals(".")) {
        continue;
      }
      if (decoded.equals("..")) {
        if (segments.isEmpty()) {
          throw new ComputeRequestException("method '" + printable(method)
              + "' climbs above the function's base URL with '..': remove the '..' segments");
        }
        segments.removeLast();
        continue;
      }
      segments.addLast(encodeSegment(segment));
    }
    return "/" + String.join("/", segments);
  }

  /**
   * {@code query} checked for use after {@code ?}: a leading {@code ?} is dropped.
   *
   * @throws ComputeRequestException when it contains CR, LF, NUL or {@code #}
   */
  public static String query(String query) {
    String q = query.startsWith("?") ? query.substring(1) : query;
    for (int i = 0; i < q.length(); i++) {
      char c = q.charAt(i);
      if (c == '\r' || c == '\n' || c == '\0' || c == '#') {
        throw new ComputeRequestException("query string contains CR, LF, NUL or '#', which cannot be sent: encode it (%23 for '#')");
      }
    }
    return q;
  }

  private static String encodeSegment(String segment) {
    StringBuilder out = null;
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      boolean keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || PCHAR_EXTRA.indexOf(c) >= 0
          || (c == '%' && i + 2 < segment.length()
              && isHex(segment.charAt(i + 1)) && isHex(segment.charAt(i + 2)));
      if (keep) {
        if (out != null) {
          out.append(c);
        }
        continue;
      }
      if (out == null) {
        out = new StringBuilder(segment.length() + 8).append(segment, 0, i);
      }
      byte[] utf8 = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      if (Character.isHighSurrogate(c) && i + 1 < segment.length()) {
        utf8 = segment.substring(i, i + 2).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        i++;
      }
      for (byte b : utf8) {
        out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
      }
    }
    return out == null ? segment : out.toString();
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /**
   * The text with control characters shown as escapes, safe for a message and a log line: C0 and C1
   * controls (NEL included) and the Unicode line and paragraph separators, which some log viewers
   * break lines at.
   */
  public static String printable(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && i < 200; i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        out.append(c <= 0xff ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (text.length() > 200) {
      out.append("...");
    }
    return out.toString();
  }
}
