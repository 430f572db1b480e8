package dev.daprcompute.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.internal.Json;
import dev.daprcompute.testkit.PlatformFake.Answer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP odds and ends the platform fakes share: query parameters, keys, JSON answers, Basic auth,
 * multipart.
 */
final class FakeHttp {
  private static final SecureRandom RANDOM = new SecureRandom();

  private FakeHttp() {}

  /** The first value of query parameter {@code name} in {@code rawQuery}, decoded. */
  static Optional<String> queryParam(String rawQuery, String name) {
    if (rawQuery.isEmpty()) {
      return Optional.empty();
    }
    for (String pair : rawQuery.split("&", -1)) {
      int eq = pair.indexOf('=');
      String key = decode(eq >= 0 ? pair.substring(0, eq) : pair);
      if (key.equals(name)) {
        return Optional.of(eq >= 0 ? decode(pair.substring(eq + 1)) : "");
      }
    }
    return Optional.empty();
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }

  /** {@code bytes} random bytes, URL-safe base64 without padding: a credential of the fake. */
  static String randomKey(int bytes) {
    byte[] raw = new byte[bytes];
    RANDOM.nextBytes(raw);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  /** {@code bytes} random bytes in lower-case hex. */
  static String randomHex(int bytes) {
    byte[] raw = new byte[bytes];
    RANDOM.nextBytes(raw);
    StringBuilder hex = new StringBuilder(bytes * 2);
    for (byte b : raw) {
      hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return hex.toString();
  }

  /** {@code value} as JSON bytes. */
  static Payload json(Object value) {
    try {
      return Payload.wrap(Json.MAPPER.writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the fake's own JSON", e);
    }
  }

  /** A JSON answer ({@code application/json}, as the platforms send it). */
  static Answer jsonAnswer(int status, Object value, Metadata extraHeaders) {
    Metadata.Builder headers =
        extraHeaders.toBuilder().set("content-type", "application/json; charset=utf-8");
    return Answer.of(status, headers.build(), json(value));
  }

  /** Whole seconds for a {@code Retry-After} header, rounded up. */
  static String retryAfterSeconds(Duration retryAfter) {
    long seconds = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
    return Long.toString(Math.max(0, seconds));
  }

  /** The user and password of an {@code Authorization: Basic} header, if well-formed. */
  static Optional<String[]> basicAuth(Metadata headers) {
    String value = headers.first("authorization").orElse("");
    if (!value.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Optional.empty();
    }
    String decoded;
    try {
      decoded =
          new String(Base64.getDecoder().decode(value.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    return colon < 0
        ? Optional.empty()
        : Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
  }

  /** The token of an {@code Authorization: Bearer} header, if any. */
  static Optional<String> bearer(Metadata headers) {
    String value = headers.first("authorization").orElse("");
    return value.regionMatches(true, 0, "Bearer ", 0, 7)
        ? Optional.of(value.substring(7).trim())
        : Optional.empty();
  }

  /** One part of a {@code multipart/form-data} body. */
  record Part(String name, String filename, String contentType, Payload content) {
    String text() {
      return content.toUtf8();
    }
  }

  /**
   * The parts of a {@code multipart/form-data} body (RFC 7578).
   *
   * @throws IllegalArgumentException when the content type is not multipart with a boundary, or the
   *     body does not follow it
   */
  static List<Part> multipart(String contentType, byte[] body) {
    if (!contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
      throw new IllegalArgumentException(
          "the content type is "
              + (contentType.isEmpty() ? "missing" : "'" + contentType + "'")
              + ", not multipart/form-data");
    }
    String boundary =
        parameter(contentType, "boundary")
            .orElseThrow(
                () -> new IllegalArgumentException("the multipart content type has no boundary"));
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    int at = indexOf(body, delimiter, 0);
    if (at < 0) {
      throw new IllegalArgumentException("the body has no multipart boundary");
    }
    List<Part> parts = new ArrayList<>();
    while (true) {
      int lineEnd = at + delimiter.length;
      if (lineEnd + 1 < body.length && body[lineEnd] == '-' && body[lineEnd + 1] == '-') {
        return parts; // the closing delimiter
      }
      int headersStart = indexOf(body, new byte[] {'\r', '\n'}, lineEnd);
      if (headersStart < 0) {
        throw new IllegalArgumentException("the multipart body ends inside a delimiter line");
      }
      headersStart += 2;
      int headersEnd = indexOf(body, new byte[] {'\r', '\n', '\r', '\n'}, headersStart - 2);
      if (headersEnd < 0) {
        throw new IllegalArgumentException("a multipart part has no end of headers");
      }
      String headerBlock =
          headersEnd <= headersStart
              ? ""
              : new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
      int contentStart = headersEnd + 4;
      byte[] next = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
      int contentEnd = indexOf(body, next, contentStart);
      if (contentEnd < 0) {
        throw new IllegalArgumentException("the multipart body has no closing boundary");
      }
      String name = "";
      String filename = "";
      String partType = "";
      for (String line : headerBlock.split("\r\n", -1)) {
        int colon = line.indexOf(':');
        if (colon < 0) {
          continue;
        }
        String header = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = line.substring(colon + 1).trim();
        if (header.equals("content-disposition")) {
          name = parameter(value, "name").orElse("");
          filename = parameter(value, "filename").orElse("");
        } else if (header.equals("content-type")) {
          partType = value;
        }
      }
      byte[] content = new byte[contentEnd - contentStart];
      System.arraycopy(body, contentStart, content, 0, content.length);
      parts.add(new Part(name, filename, partType, Payload.wrap(content)));
      at = contentEnd + 2;
    }
  }

  /** Parameter {@code name} of a header value such as {@code form-data; name="metadata"}. */
  static Optional<String> parameter(String headerValue, String name) {
    for (String piece : headerValue.split(";", -1)) {
      String trimmed = piece.trim();
      int eq = trimmed.indexOf('=');
      if (eq > 0 && trimmed.substring(0, eq).trim().equalsIgnoreCase(name)) {
        String value = trimmed.substring(eq + 1).trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
