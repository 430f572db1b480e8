package dev.daprcompute.protocol.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/** The library's one JSON mapper: lenient on unknown fields, strict on syntax. Thread-safe. */
public final class Json {
  private Json() {}

  /**
   * The shared mapper. Numbers with a fraction or an exponent are read as {@link
   * java.math.BigDecimal}, as written: a double would turn an amount of 12345678901234567.89 into
   * 1.2345678901234568E16 and 1e400 into "Infinity" on its way through.
   */
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  private static final JsonFactory FACTORY = MAPPER.getFactory();

  /** Whether {@code bytes} hold exactly one well-formed JSON value; streams, builds nothing. */
  public static boolean isWellFormed(byte[] bytes) {
    if (bytes.length == 0) {
      return false;
    }
    for (byte b : bytes) {
      if (b == 0) {
        return false; // never JSON (RFC 8259), though Jackson takes a NUL after a number for the
        // end: "6\0"
      }
    }
    try (JsonParser parser = FACTORY.createParser(bytes)) {
      if (parser.nextToken() == null) {
        return false;
      }
      parser.skipChildren();
      return parser.nextToken() == null;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Whether {@code contentType} is JSON: {@code application/json}, {@code +json} suffixes, {@code
   * text/json}.
   */
  public static boolean isJsonContentType(String contentType) {
    String type = contentType.toLowerCase(java.util.Locale.ROOT);
    int semicolon = type.indexOf(';');
    if (semicolon >= 0) {
      type = type.substring(0, semicolon);
    }
    type = type.trim();
    return type.equals("application/json") || type.equals("text/json") || type.endsWith("+json");
  }

  /** Whether the first token of {@code bytes} starts a JSON object. */
  public static boolean startsObject(byte[] bytes) {
    try (JsonParser parser = FACTORY.createParser(bytes)) {
      return parser.nextToken() == JsonToken.START_OBJECT;
    } catch (IOException e) {
      return false;
    }
  }
}
