package dev.daprcompute.protocol.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Method paths and query strings made safe to put below a function's base URL (protocol section 5):
 * normalised like Dapr ({@code path.Clean} with a leading {@code /}), never above the base, without
 * control characters or encoded separators a server might decode into a traversal.
 *
 * <p>A path has one normal form, whichever equivalent spelling it arrives in (RFC 3986 section
 * 6.2.2): percent-encoded unreserved characters decoded ({@code %41} is {@code A}), the hex digits
 * of every other escape in upper case ({@code %3a} is {@code %3A}), reserved characters kept
 * encoded. The component sends the normal form and the function side and the bridge compare routes
 * in it, so a front end that re-encodes a path cannot turn a topic event into an invocation.
 */
public final class SafePaths {
  private SafePaths() {}

  /** Characters a path segment holds as they are besides the unreserved ones (RFC 3986 pchar). */
  private static final String PCHAR_EXTRA = "!$&'()*+,;=:@";

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /**
   * {@code method} as a path relative to the base URL, starting with {@code /}, percent-encoded in
   * the normal form described above; normalising a normal form changes nothing.
   *
   * @throws IllegalArgumentException when it contains CR, LF or NUL, a backslash, an encoded {@code
   *     /} or {@code \}, or {@code ..} segments that climb above the base URL
   */
  public static String normalize(String method) {
    for (int i = 0; i < method.length(); i++) {
      char c = method.charAt(i);
      if (c == '\r' || c == '\n' || c == '\0') {
        throw new IllegalArgumentException(
            "method '"
                + printable(method)
                + "' contains a control character (CR, LF or NUL), which can never be sent");
      }
      if (c == '\\') {
        throw new IllegalArgumentException(
            "method '"
                + printable(method)
                + "' contains a backslash, which some servers treat as '/': use '/' to separate segments");
      }
    }
    String lower = method.toLowerCase(Locale.ROOT);
    if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00")) {
      throw new IllegalArgumentException(
          "method '"
              + printable(method)
              + "' contains an encoded '/', '\\' or NUL, which a server may decode into another path: send the segments unencoded");
    }
    Deque<String> segments = new ArrayDeque<>();
    for (String raw : method.split("/", -1)) {
      String segment = normalizeSegment(raw);
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (segments.isEmpty()) {
          throw new IllegalArgumentException(
              "method '"
                  + printable(method)
                  + "' climbs above the function's base URL with '..': remove the '..' segments");
        }
        segments.removeLast();
        continue;
      }
      segments.addLast(segment);
    }
    return "/" + String.join("/", segments);
  }

  /**
   * {@code query} checked for use after {@code ?}: a leading {@code ?} is dropped.
   *
   * @throws IllegalArgumentException when it contains CR, LF, NUL or {@code #}
   */
  public static String query(String query) {
    String q = query.startsWith("?") ? query.substring(1) : query;
    for (int i = 0; i < q.length(); i++) {
      char c = q.charAt(i);
      if (c == '\r' || c == '\n' || c == '\0' || c == '#') {
        throw new IllegalArgumentException(
            "query string contains CR, LF, NUL or '#', which cannot be sent: encode it (%23 for '#')");
      }
    }
    return q;
  }

  /**
   * The segment in normal form: escapes of unreserved characters decoded, other escapes in upper
   * case, characters that cannot stand in a segment encoded as UTF-8, the rest as it is.
   */
  private static String normalizeSegment(String segment) {
    StringBuilder out = new StringBuilder(segment.length() + 8);
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '%'
          && i + 2 < segment.length()
          && isHex(segment.charAt(i + 1))
          && isHex(segment.charAt(i + 2))) {
        int octet =
            Character.digit(segment.charAt(i + 1), 16) * 16
                + Character.digit(segment.charAt(i + 2), 16);
        if (isUnreserved((char) octet)) {
          out.append((char) octet);
        } else {
          appendEscape(out, octet);
        }
        i += 2;
      } else if (isUnreserved(c) || PCHAR_EXTRA.indexOf(c) >= 0) {
        out.append(c);
      } else {
        boolean pair =
            Character.isHighSurrogate(c)
                && i + 1 < segment.length()
                && Character.isLowSurrogate(segment.charAt(i + 1));
        // A lone surrogate is no character: it is sent as U+FFFD, as UTF-8 encoders (and the
        // JavaScript SDK's) write it, so normalising the result again changes nothing.
        String character =
            pair
                ? segment.substring(i, i + 2)
                : Character.isSurrogate(c) ? "\uFFFD" : String.valueOf(c);
        for (byte b : character.getBytes(StandardCharsets.UTF_8)) {
          appendEscape(out, b & 0xFF);
        }
        i += pair ? 1 : 0;
      }
    }
    return out.toString();
  }

  /** RFC 3986 unreserved: ALPHA / DIGIT / "-" / "." / "_" / "~". */
  private static boolean isUnreserved(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }

  private static void appendEscape(StringBuilder out, int octet) {
    out.append('%').append(HEX[octet >> 4]).append(HEX[octet & 0xF]);
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
        out.append(
            c <= 0xff ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
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
