package dev.daprcompute.protocol.lambda;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The body of a v2.0 event or response object, written and read as bytes: a JSON string holding
 * either UTF-8 text or base64, never turned into a Java {@code String} on the way. A 6 MB envelope
 * read through Jackson's tree costs about ten times its size in characters, strings and copies;
 * here a body costs its own size once each way. Thread-safe; stateless.
 */
final class BodyBytes {
  private BodyBytes() {}

  private static final byte[] BASE64 =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
          .getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  // ---------------------------------------------------------------- writing

  /** The length of {@code bytes} in base64, padded. */
  static long base64Length(int bytes) {
    return 4L * ((bytes + 2L) / 3);
  }

  /**
   * Writes {@code src} in base64 (the standard alphabet, padded) into {@code dst} at {@code at};
   * returns the end.
   */
  static int base64(byte[] src, byte[] dst, int at) {
    int whole = src.length / 3 * 3;
    int i = 0;
    while (i < whole) {
      int bits = (src[i++] & 0xff) << 16 | (src[i++] & 0xff) << 8 | (src[i++] & 0xff);
      dst[at++] = BASE64[bits >>> 18];
      dst[at++] = BASE64[bits >>> 12 & 0x3f];
      dst[at++] = BASE64[bits >>> 6 & 0x3f];
      dst[at++] = BASE64[bits & 0x3f];
    }
    int left = src.length - whole;
    if (left > 0) {
      int bits = (src[i] & 0xff) << 16 | (left == 2 ? (src[i + 1] & 0xff) << 8 : 0);
      dst[at++] = BASE64[bits >>> 18];
      dst[at++] = BASE64[bits >>> 12 & 0x3f];
      dst[at++] = left == 2 ? BASE64[bits >>> 6 & 0x3f] : (byte) '=';
      dst[at++] = '=';
    }
    return at;
  }

  /**
   * The length of well-formed UTF-8 {@code text} as the content of a JSON string: quote and
   * backslash escaped, control characters as {@code \n}, {@code \t}... or <code>&#92;u00XX</code>,
   * the rest as it is.
   */
  static long escapedLength(byte[] text) {
    long length = text.length;
    for (byte b : text) {
      if (b == '"' || b == '\\') {
        length++;
      } else if (b >= 0 && b < 0x20) {
        length += shortEscape(b) != 0 ? 1 : 5;
      }
    }
    return length;
  }

  /**
   * Writes {@code text} escaped as {@link #escapedLength} counts it into {@code dst} at {@code at};
   * returns the end.
   */
  static int escape(byte[] text, byte[] dst, int at) {
    for (byte b : text) {
      if (b == '"' || b == '\\') {
        dst[at++] = '\\';
        dst[at++] = b;
      } else if (b >= 0 && b < 0x20) {
        dst[at++] = '\\';
        byte letter = shortEscape(b);
        if (letter != 0) {
          dst[at++] = letter;
        } else {
          dst[at++] = 'u';
          dst[at++] = '0';
          dst[at++] = '0';
          dst[at++] = HEX[b >> 4];
          dst[at++] = HEX[b & 0xf];
        }
      } else {
        dst[at++] = b;
      }
    }
    return at;
  }

  private static byte shortEscape(byte b) {
    return switch (b) {
      case '\n' -> 'n';
      case '\r' -> 'r';
      case '\t' -> 't';
      case '\b' -> 'b';
      case '\f' -> 'f';
      default -> 0;
    };
  }

  // ---------------------------------------------------------------- reading

  /** Whether {@code bytes} are well-formed UTF-8 (RFC 3629) without NUL; builds nothing. */
  static boolean isUtf8WithoutNul(byte[] bytes) {
    for (int i = 0; i < bytes.length; ) {
      byte b = bytes[i];
      if (b == 0) {
        return false;
      }
      if (b > 0) {
        i++;
        continue;
      }
      int size = sequence(bytes, i, bytes.length);
      if (size < 0) {
        return false;
      }
      i += size;
    }
    return true;
  }

  /**
   * The index of the quote closing the JSON string whose opening quote is at {@code open}, or -1.
   * The string was checked by the JSON parser already; this only finds its end.
   */
  static int closingQuote(byte[] json, int open) {
    for (int i = open + 1; i < json.length; i++) {
      if (json[i] == '\\') {
        i++;
      } else if (json[i] == '"') {
        return i;
      }
    }
    return -1;
  }

  /** Whether {@code json[from, to)} holds an escape. */
  static boolean hasEscape(byte[] json, int from, int to) {
    for (int i = from; i < to; i++) {
      if (json[i] == '\\') {
        return true;
      }
    }
    return false;
  }

  /**
   * The UTF-8 bytes of the JSON string content {@code json[from, to)}, its escapes resolved; null
   * when it holds what this strict reader leaves to a full JSON parser (bytes that are not
   * well-formed UTF-8, a raw control character, an escaped lone surrogate), so the caller can read
   * it that way and keep that parser's answer.
   */
  static byte @Nullable [] unescape(byte[] json, int from, int to) {
    long length = decodedLength(json, from, to);
    if (length < 0) {
      return null;
    }
    byte[] out = new byte[(int) length];
    int at = 0;
    for (int i = from; i < to; ) {
      byte b = json[i];
      if (b != '\\') {
        out[at++] = b;
        i++;
        continue;
      }
      byte kind = json[i + 1];
      if (kind != 'u') {
        out[at++] = unescaped(kind);
        i += 2;
        continue;
      }
      int c = hex4(json, i + 2);
      i += 6;
      if (Character.isHighSurrogate((char) c)) {
        c = Character.toCodePoint((char) c, (char) hex4(json, i + 2));
        i += 6;
      }
      at = utf8(c, out, at);
    }
    return out;
  }

  /** The decoded length, or -1 for content {@link #unescape} leaves to a full parser. */
  private static long decodedLength(byte[] json, int from, int to) {
    long length = 0;
    for (int i = from; i < to; ) {
      int b = json[i] & 0xff;
      if (b < 0x20) {
        return -1;
      }
      if (b == '\\') {
        if (i + 1 >= to) {
          return -1;
        }
        byte kind = json[i + 1];
        if (kind != 'u') {
          if (unescaped(kind) == 0) {
            return -1;
          }
          length++;
          i += 2;
          continue;
        }
        int c = i + 6 <= to ? hex4(json, i + 2) : -1;
        if (c < 0) {
          return -1;
        }
        i += 6;
        if (Character.isHighSurrogate((char) c)) {
          int low = i + 6 <= to && json[i] == '\\' && json[i + 1] == 'u' ? hex4(json, i + 2) : -1;
          if (low < 0 || !Character.isLowSurrogate((char) low)) {
            return -1;
          }
          i += 6;
          length += 4;
        } else if (Character.isLowSurrogate((char) c)) {
          return -1;
        } else {
          length += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
        }
        continue;
      }
      int size = b < 0x80 ? 1 : sequence(json, i, to);
      if (size < 0) {
        return -1;
      }
      length += size;
      i += size;
    }
    return length;
  }

  /** The length of the well-formed UTF-8 sequence at {@code i} (RFC 3629), or -1. */
  private static int sequence(byte[] s, int i, int to) {
    int b = s[i] & 0xff;
    int size;
    int min;
    if (b >= 0xc2 && b <= 0xdf) {
      size = 2;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      size = 3;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      size = 4;
      min = 0x10000;
    } else {
      return -1;
    }
    if (i + size > to) {
      return -1;
    }
    int c = b & (0x7f >> size);
    for (int k = 1; k < size; k++) {
      int next = s[i + k] & 0xff;
      if ((next & 0xc0) != 0x80) {
        return -1;
      }
      c = c << 6 | (next & 0x3f);
    }
    if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) {
      return -1;
    }
    return size;
  }

  private static byte unescaped(byte kind) {
    return switch (kind) {
      case '"', '\\', '/' -> kind;
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      case 'b' -> '\b';
      case 'f' -> '\f';
      default -> 0;
    };
  }

  /** The four hex digits at {@code at} as a number, or -1. */
  private static int hex4(byte[] s, int at) {
    int value = 0;
    for (int k = 0; k < 4; k++) {
      int digit = Character.digit(s[at + k], 16);
      if (digit < 0) {
        return -1;
      }
      value = value << 4 | digit;
    }
    return value;
  }

  private static int utf8(int c, byte[] out, int at) {
    if (c < 0x80) {
      out[at++] = (byte) c;
    } else if (c < 0x800) {
      out[at++] = (byte) (0xc0 | c >> 6);
      out[at++] = (byte) (0x80 | c & 0x3f);
    } else if (c < 0x10000) {
      out[at++] = (byte) (0xe0 | c >> 12);
      out[at++] = (byte) (0x80 | c >> 6 & 0x3f);
      out[at++] = (byte) (0x80 | c & 0x3f);
    } else {
      out[at++] = (byte) (0xf0 | c >> 18);
      out[at++] = (byte) (0x80 | c >> 12 & 0x3f);
      out[at++] = (byte) (0x80 | c >> 6 & 0x3f);
      out[at++] = (byte) (0x80 | c & 0x3f);
    }
    return at;
  }
}
