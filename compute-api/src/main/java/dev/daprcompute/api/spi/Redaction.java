package dev.daprcompute.api.spi;

import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.internal.Redact;
import dev.daprcompute.protocol.internal.SafePaths;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Text made safe for messages and logs, for every provider: no message of this library may show a
 * secret (a key, a token, a credential), and a platform's own messages may echo them. Thread-safe;
 * stateless.
 */
public final class Redaction {
  private Redaction() {}

  private static final int MAX_MESSAGE = 300;
  private static final int MAX_SCANNED = 2048;
  private static final int MAX_EXCERPT = 160;
  private static final Pattern SECURITY_TOKEN =
      Pattern.compile("(?i)(x-amz-security-token\\s*[:=]\\s*)\\S+");
  private static final Pattern AUTH_PARTS =
      Pattern.compile("(?i)\\b(Credential|Signature|SignedHeaders)=[^,\\s']+");
  private static final Pattern BEARER = Pattern.compile("(?i)bearer\\s+\\S+");
  private static final Pattern JWT =
      Pattern.compile("eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

  /**
   * A long run of base64 characters with a digit in it: a session token, a secret, a signature (and
   * not a long exception or reason name, which has no digits).
   */
  private static final Pattern LONG_TOKEN =
      Pattern.compile("(?=[A-Za-z+/=_-]*[0-9])[A-Za-z0-9+/=_-]{48,}");

  /**
   * {@code url} without user info, query or fragment ({@code ?[redacted]} marks a removed query,
   * where credentials such as {@code ?code=<function key>} travel), at most 200 characters of
   * printable ASCII.
   */
  public static String url(String url) {
    return Redact.url(url);
  }

  /**
   * {@code text} with control characters shown as escapes, safe for one message or log line: C0 and
   * C1 controls and the Unicode line and paragraph separators.
   */
  public static String printable(String text) {
    return SafePaths.printable(text);
  }

  /** {@code text} with bearer credentials and JWTs replaced by {@code [redacted]}. */
  public static String tokens(String text) {
    return Redact.tokens(text);
  }

  /**
   * A message a platform wrote (an error body, an exception's message) made safe for logs: its
   * first line, without the canonical request a signature error may echo, with session tokens,
   * signature parts, bearer credentials, JWTs and long token-like runs replaced by {@code
   * [redacted]}, at most {@value #MAX_MESSAGE} characters. Linear in the length of the text.
   */
  public static String platformMessage(String message) {
    String text = message;
    int newline = indexOfLineBreak(text);
    if (newline >= 0) {
      text = text.substring(0, newline);
    }
    int canonical = text.indexOf("The Canonical String");
    if (canonical >= 0) {
      text = text.substring(0, canonical);
    }
    if (text.length() > MAX_SCANNED) {
      // The patterns below take quadratic time on long runs ("eyJeyJ...": 11 s for 50,000
      // characters), and
      // only the start is shown anyway. The cut never keeps the head of a token it went through.
      int cut = MAX_SCANNED;
      while (cut > 0 && isTokenCharacter(text.charAt(cut - 1))) {
        cut--;
      }
      text = text.substring(0, cut);
    }
    text = SECURITY_TOKEN.matcher(text).replaceAll("$1[redacted]");
    text = AUTH_PARTS.matcher(text).replaceAll("$1=[redacted]");
    text = BEARER.matcher(text).replaceAll("[redacted]");
    text = JWT.matcher(text).replaceAll("[redacted]");
    text = LONG_TOKEN.matcher(text).replaceAll("[redacted]");
    text = text.strip();
    return text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "..." : text;
  }

  /**
   * A short excerpt of a body for messages: empty for an empty body, {@code 1234 bytes of
   * image/png} for a body that is not text, JSON or XML, else its text on one line, at most {@value
   * #MAX_EXCERPT} characters, as {@link #platformMessage} cleans it.
   */
  public static String excerpt(Metadata headers, Payload body) {
    if (body.isEmpty()) {
      return "";
    }
    String type = headers.first("content-type").orElse("").toLowerCase(Locale.ROOT);
    if (!(type.isEmpty()
        || type.startsWith("text/")
        || type.contains("json")
        || type.contains("xml"))) {
      return body.size() + " bytes of " + Redact.tokens(type);
    }
    byte[] bytes = body.unsafeArray();
    String text =
        new String(bytes, 0, Math.min(bytes.length, MAX_SCANNED), StandardCharsets.UTF_8)
            .replaceAll("\\s+", " ");
    String cleaned = platformMessage(text);
    return cleaned.length() > MAX_EXCERPT ? cleaned.substring(0, MAX_EXCERPT) + "..." : cleaned;
  }

  private static boolean isTokenCharacter(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "+/=_.-".indexOf(c) >= 0;
  }

  private static int indexOfLineBreak(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        return i;
      }
    }
    return -1;
  }
}
