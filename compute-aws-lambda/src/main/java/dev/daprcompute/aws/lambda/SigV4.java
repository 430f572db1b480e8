package dev.daprcompute.aws.lambda;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * AWS Signature Version 4 (header form) for one region and service, as every AWS service except S3
 * checks it: the canonical URI is the request-line path, normalised and percent-encoded once more
 * (so {@code %3A} on the wire is {@code %253A} here), the query is decoded and re-encoded with the
 * strict unreserved set and sorted, header values are trimmed and their inner whitespace collapsed.
 *
 * <p>The signing key is derived once per credential and day and cached. Thread-safe; a signature
 * costs two SHA-256 digests and two HMACs once the key is cached.
 */
final class SigV4 {
  static final String ALGORITHM = "AWS4-HMAC-SHA256";
  static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  });
  private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> {
    try {
      return Mac.getInstance("HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM has no HmacSHA256", e);
    }
  });

  private final String region;
  private final String service;
  private volatile @Nullable CachedKey cachedKey;

  /** The key of one secret for one day; the secret is compared, never printed. */
  private record CachedKey(String secret, String date, byte[] key) {
    @Override
    public String toString() {
      return "CachedKey[" + date + "]";
    }
  }

  /**
   * The credentials a request is signed with.
   *
   * @param accessKeyId the access key ID
   * @param secretAccessKey the secret access key
   * @param sessionToken the session token of temporary credentials, or {@code null}
   */
  record Credentials(String accessKeyId, String secretAccessKey, @Nullable String sessionToken) {
    Credentials {
      Objects.requireNonNull(accessKeyId, "accessKeyId == null");
      Objects.requireNonNull(secretAccessKey, "secretAccessKey == null");
    }

    /** The access key ID only. */
    @Override
    public String toString() {
      return "Credentials[" + accessKeyId + (sessionToken != null ? ", with session token" : "") + "]";
    }
  }

  /**
   * A computed signature and what it was computed from, for tests and debugging (none of it is
   * secret: the canonical request holds the session token only as the request itself does).
   */
  record Signature(String authorization, String signedHeaders, String canonicalRequest, String stringToSign) {}

  SigV4(String region, String service) {
    this.region = Objects.requireNonNull(region, "region == null");
    this.service = Objects.requireNonNull(service, "service == null");
  }

  String region() {
    return region;
  }

  /**
   * Signs a request.
   *
   * @param method the HTTP method
   * @param path the path as in the request line (percent-encoded as sent)
   * @param query the query as sent, without {@code ?}; empty for none
   * @param headers the headers to sign: lower-case names (sorted) to their values in order; must
   *     hold {@code host} and {@code x-amz-date} (and {@code x-amz-security-token} for session
   *     credentials), exactly as they will be sent
   * @param payloadHash the lower-case hex SHA-256 of the body
   * @param credentials the credentials
   * @param time the signing time, the one in {@code x-amz-date}
   */
  Signature sign(String method, String path, String query, SortedMap<String, List<String>> headers, String payloadHash,
      Credentials credentials, Instant time) {
    String amzDate = AMZ_DATE.format(time);
    String date = amzDate.substring(0, 8);
    StringBuilder canonical = new StringBuilder(256);
    canonical.append(method).append('\n').append(canonicalUri(path)).append('\n').append(canonicalQuery(query)).append('\n');
    StringBuilder signed = new StringBuilder(64);
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      canonical.append(header.getKey()).append(':').append(canonicalValue(header.getValue())).append('\n');
      if (signed.length() > 0) {
        signed.append(';');
      }
      signed.append(header.getKey());
    }
    canonical.append('\n').append(signed).append('\n').append(payloadHash);
    String canonicalRequest = canonical.toString();
    String scope = date + "/" + region + "/" + service + "/aws4_request";
    String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n"
        + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    String signature = hex(hmac(signingKey(credentials.secretAccessKey(), date), stringToSign));
    String authorization = ALGORITHM + " Credential=" + credentials.accessKeyId() + "/" + scope
        + ", SignedHeaders=" + signed + ", Signature=" + signature;
    return new Signature(authorization, signed.toString(), canonicalRequest, stringToSign);
  }

  private byte[] signingKey(String secret, String date) {
    CachedKey cached = cachedKey;
    if (cached != null && cached.date.equals(date) && cached.secret.equals(secret)) {
      return cached.key;
    }
    byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
    key = hmac(key, region);
    key = hmac(key, service);
    key = hmac(key, "aws4_request");
    cachedKey = new CachedKey(secret, date, key);
    return key;
  }

  // ------------------------------------------------------------------ canonical forms

  /**
   * The canonical URI of a request-line path: dot segments and repeated slashes removed, then every
   * byte outside {@code A-Z a-z 0-9 - _ . ~ /} percent-encoded (upper-case hex), the escapes of
   * the path included: the non-S3 double encoding.
   */
  static String canonicalUri(String path) {
    String normalized = removeDotSegments(path);
    if (normalized.isEmpty()) {
      return "/";
    }
    StringBuilder out = new StringBuilder(normalized.length() + 16);
    for (byte b : normalized.getBytes(StandardCharsets.UTF_8)) {
      appendEncoded(out, b, true);
    }
    return out.toString();
  }

  /** RFC 3986 section 5.2.4, and empty segments dropped, as AWS normalises paths (S3 aside). */
  static String removeDotSegments(String path) {
    if (path.isEmpty()) {
      return "";
    }
    List<String> out = new ArrayList<>();
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (!out.isEmpty()) {
          out.remove(out.size() - 1);
        }
        continue;
      }
      out.add(segment);
    }
    String first = path.charAt(0) == '/' ? "/" : "";
    String last = path.charAt(path.length() - 1) == '/' && !out.isEmpty() ? "/" : "";
    return first + String.join("/", out) + last;
  }

  /**
   * The canonical query: each parameter decoded ({@code %XX}, and {@code +} as a space, as the AWS
   * SDKs read a query) and encoded again with only {@code A-Z a-z 0-9 - _ . ~} left as they are,
   * {@code name=} for a parameter without value, sorted by name and then value.
   */
  static String canonicalQuery(String query) {
    if (query.isEmpty()) {
      return "";
    }
    List<String[]> pairs = new ArrayList<>();
    for (String part : query.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String name = eq >= 0 ? part.substring(0, eq) : part;
      String value = eq >= 0 ? part.substring(eq + 1) : "";
      pairs.add(new String[] {encode(decode(name)), encode(decode(value))});
    }
    pairs.sort((a, b) -> {
      int byName = a[0].compareTo(b[0]);
      return byName != 0 ? byName : a[1].compareTo(b[1]);
    });
    StringBuilder out = new StringBuilder(query.length() + 16);
    for (String[] pair : pairs) {
      if (out.length() > 0) {
        out.append('&');
      }
      out.append(pair[0]).append('=').append(pair[1]);
    }
    return out.toString();
  }

  /** Values joined with {@code ,}, each trimmed and with runs of whitespace made one space. */
  static String canonicalValue(List<String> values) {
    StringBuilder out = new StringBuilder();
    for (int v = 0; v < values.size(); v++) {
      if (v > 0) {
        out.append(',');
      }
      String value = values.get(v).strip();
      boolean space = false;
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (Character.isWhitespace(c)) {
          space = true;
          continue;
        }
        if (space) {
          out.append(' ');
          space = false;
        }
        out.append(c);
      }
    }
    return out.toString();
  }

  /** {@code text} percent-encoded as SigV4 wants: UTF-8, only {@code A-Z a-z 0-9 - _ . ~} kept. */
  static String encode(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      appendEncoded(out, b, false);
    }
    return out.toString();
  }

  private static void appendEncoded(StringBuilder out, byte b, boolean keepSlash) {
    char c = (char) (b & 0xFF);
    boolean unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
        || c == '-' || c == '_' || c == '.' || c == '~' || (keepSlash && c == '/');
    if (unreserved) {
      out.append(c);
    } else {
      out.append('%').append(UPPER_HEX[(b >> 4) & 0xF]).append(UPPER_HEX[b & 0xF]);
    }
  }

  /** Percent-decoding of a query component; {@code +} is a space; a stray {@code %} stays. */
  static String decode(String text) {
    if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
      return text;
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[bytes.length];
    int n = 0;
    for (int i = 0; i < bytes.length; i++) {
      byte b = bytes[i];
      if (b == '+') {
        out[n++] = ' ';
      } else if (b == '%' && i + 2 < bytes.length && hexValue(bytes[i + 1]) >= 0 && hexValue(bytes[i + 2]) >= 0) {
        out[n++] = (byte) (hexValue(bytes[i + 1]) << 4 | hexValue(bytes[i + 2]));
        i += 2;
      } else {
        out[n++] = b;
      }
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }

  private static int hexValue(byte b) {
    if (b >= '0' && b <= '9') {
      return b - '0';
    }
    if (b >= 'a' && b <= 'f') {
      return b - 'a' + 10;
    }
    if (b >= 'A' && b <= 'F') {
      return b - 'A' + 10;
    }
    return -1;
  }

  // ------------------------------------------------------------------ digests

  static String sha256Hex(byte[] data) {
    MessageDigest digest = SHA256.get();
    digest.reset();
    return hex(digest.digest(data));
  }

  private static byte[] hmac(byte[] key, String data) {
    Mac mac = HMAC.get();
    try {
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 refused a key", e);
    }
    return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
  }

  static String hex(byte[] bytes) {
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = HEX[(bytes[i] >> 4) & 0xF];
      out[2 * i + 1] = HEX[bytes[i] & 0xF];
    }
    return new String(out);
  }
}
