package dev.daprcompute.testkit;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * Checks a SigV4 {@code Authorization} header as an AWS service does, by recomputing the signature
 * with the AWS SDK for Java v2's own signer ({@link AwsV4HttpSigner}) over the received request:
 * its method, path (double-encoded for the canonical URI, as for every service but S3), query, the
 * headers it names in {@code SignedHeaders} with their received values, its body, and the time in
 * its {@code X-Amz-Date}. Failures carry AWS's exception names and messages.
 *
 * <p>One deviation from AWS: the SDK signer always signs {@code x-amz-content-sha256}, so a request
 * must sign that header too (the AWS SDK for Java v2 does; botocore does not for Lambda).
 * Thread-safe.
 */
final class SigV4Verifier {
  static final Duration MAX_SKEW = Duration.ofMinutes(5);
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final Pattern AUTHORIZATION =
      Pattern.compile(
          "AWS4-HMAC-SHA256 Credential=([^/,\\s]+)/(\\d{8})/([^/,\\s]+)/([^/,\\s]+)/([^/,\\s]+),\\s*"
              + "SignedHeaders=([a-z0-9;._-]+),\\s*Signature=([0-9a-f]{64})");
  private static final Pattern SIGNATURE = Pattern.compile("Signature=([0-9a-f]{64})");

  /** Credentials the fake knows. */
  record Key(String accessKeyId, String secretAccessKey, @Nullable String sessionToken) {
    Key {
      Objects.requireNonNull(accessKeyId, "accessKeyId == null");
      Objects.requireNonNull(secretAccessKey, "secretAccessKey == null");
    }

    @Override
    public String toString() {
      return "Key[" + accessKeyId + "]";
    }
  }

  /**
   * Why a request was refused: AWS's exception name, its message, and which key it used if known.
   */
  record Refusal(String exception, String message) {}

  private final String region;
  private final String service;
  private final Map<String, Key> keys = new ConcurrentHashMap<>();
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

  SigV4Verifier(String region, String service) {
    this.region = region;
    this.service = service;
  }

  void add(Key key) {
    keys.put(key.accessKeyId(), key);
  }

  /**
   * Checks {@code call}'s signature at {@code now}.
   *
   * @param port the port the request was sent to (part of the signed {@code host})
   * @return why it is refused, or null when the signature is good
   */
  @Nullable Refusal check(RecordedCall call, int port, Instant now) {
    String authorization = call.headers().first("authorization").orElse(null);
    if (authorization == null) {
      return new Refusal("MissingAuthenticationTokenException", "Missing Authentication Token");
    }
    Matcher m = AUTHORIZATION.matcher(authorization.strip());
    if (!m.matches()) {
      return new Refusal(
          "IncompleteSignatureException",
          "Authorization header requires 'Credential', 'Signature' and "
              + "'SignedHeaders' parameters of the AWS4-HMAC-SHA256 algorithm.");
    }
    String accessKeyId = m.group(1);
    String scopeDate = m.group(2);
    List<String> signedHeaders = Arrays.asList(m.group(6).split(";"));
    String amzDate = call.headers().first("x-amz-date").orElse(null);
    if (amzDate == null) {
      return new Refusal(
          "IncompleteSignatureException",
          "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
    }
    Instant signedAt;
    try {
      signedAt = Instant.from(AMZ_DATE.parse(amzDate));
    } catch (DateTimeParseException e) {
      return new Refusal(
          "IncompleteSignatureException",
          "Date must be in ISO-8601 'basic format'. Got '" + amzDate + "'.");
    }
    Key key = keys.get(accessKeyId);
    String token = call.headers().first("x-amz-security-token").orElse(null);
    if (key == null || !Objects.equals(key.sessionToken(), token)) {
      return new Refusal(
          "UnrecognizedClientException", "The security token included in the request is invalid.");
    }
    if (signedAt.isBefore(now.minus(MAX_SKEW))) {
      return new Refusal(
          "InvalidSignatureException",
          "Signature expired: "
              + amzDate
              + " is now earlier than "
              + AMZ_DATE.format(now.minus(MAX_SKEW))
              + " ("
              + AMZ_DATE.format(now)
              + " - 5 min.)");
    }
    if (signedAt.isAfter(now.plus(MAX_SKEW))) {
      return new Refusal(
          "InvalidSignatureException",
          "Signature not yet current: "
              + amzDate
              + " is still later than "
              + AMZ_DATE.format(now.plus(MAX_SKEW))
              + " ("
              + AMZ_DATE.format(now)
              + " + 5 min.)");
    }
    if (!scopeDate.equals(amzDate.substring(0, 8)) || !m.group(5).equals("aws4_request")) {
      return new Refusal(
          "InvalidSignatureException",
          "Date in Credential scope does not match YYYYMMDD from ISO-8601 "
              + "version of date from HTTP: '"
              + scopeDate
              + "' != '"
              + amzDate.substring(0, 8)
              + "', from '"
              + amzDate
              + "'.");
    }
    if (!m.group(3).equals(region)) {
      return new Refusal(
          "InvalidSignatureException", "Credential should be scoped to a valid region. ");
    }
    if (!m.group(4).equals(service)) {
      return new Refusal(
          "InvalidSignatureException",
          "Credential should be scoped to correct service: '" + service + "'. ");
    }
    if (!signedHeaders.contains("host")) {
      return new Refusal(
          "InvalidSignatureException",
          "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
    }
    String expected = recompute(call, port, signedHeaders, key, signedAt);
    Matcher sent = SIGNATURE.matcher(authorization);
    Matcher computed = SIGNATURE.matcher(expected);
    if (sent.find() && computed.find() && sent.group(1).equals(computed.group(1))) {
      return null;
    }
    String note =
        signedHeaders.contains("x-amz-content-sha256")
            ? ""
            : " (This fake recomputes signatures with the AWS SDK for Java v2, which signs x-amz-content-sha256: sign it too.)";
    return new Refusal(
        "InvalidSignatureException",
        "The request signature we calculated does not match the signature you "
            + "provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
            + note
            + "\n\nThe Canonical String for this request should have been\n'"
            + canonicalEcho(call, signedHeaders)
            + "'\n\nThe String-to-Sign should have been\n'AWS4-HMAC-SHA256\n"
            + amzDate
            + "\n"
            + scopeDate
            + "/"
            + region
            + "/"
            + service
            + "/aws4_request\n...'\n");
  }

  /** The Authorization header the AWS SDK's signer writes for the request as received. */
  private String recompute(
      RecordedCall call, int port, List<String> signedHeaders, Key key, Instant signedAt) {
    SdkHttpFullRequest.Builder request =
        SdkHttpFullRequest.builder()
            .method(SdkHttpMethod.fromValue(call.method()))
            .protocol("http")
            .host("127.0.0.1")
            .port(port)
            .encodedPath(call.path());
    for (String parameter : call.query().isEmpty() ? new String[0] : call.query().split("&")) {
      if (parameter.isEmpty()) {
        continue;
      }
      int eq = parameter.indexOf('=');
      request.appendRawQueryParameter(
          decode(eq >= 0 ? parameter.substring(0, eq) : parameter),
          decode(eq >= 0 ? parameter.substring(eq + 1) : ""));
    }
    for (String name : signedHeaders) {
      for (String value : call.headers().all(name)) {
        request.appendHeader(name, value);
      }
    }
    byte[] body = call.body().toByteArray();
    SdkHttpFullRequest unsigned =
        request.contentStreamProvider(() -> new ByteArrayInputStream(body)).build();
    AwsCredentialsIdentity identity =
        key.sessionToken() == null
            ? AwsCredentialsIdentity.create(key.accessKeyId(), key.secretAccessKey())
            : AwsSessionCredentialsIdentity.create(
                key.accessKeyId(), key.secretAccessKey(), key.sessionToken());
    SignedRequest signed =
        signer.sign(
            sign ->
                sign.request(unsigned)
                    .payload(unsigned.contentStreamProvider().orElseThrow())
                    .identity(identity)
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                    .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, true)
                    .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, true)
                    .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
                    .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)));
    return signed.request().firstMatchingHeader("Authorization").orElse("");
  }

  /**
   * What AWS echoes as "the Canonical String" on a mismatch: roughly the canonical request, with
   * the signed headers' values (the session token among them). Only for messages: it shows what a
   * client must never log.
   */
  private static String canonicalEcho(RecordedCall call, List<String> signedHeaders) {
    StringBuilder out =
        new StringBuilder(call.method())
            .append('\n')
            .append(call.path())
            .append('\n')
            .append(call.query())
            .append('\n');
    for (String name : signedHeaders) {
      out.append(name).append(':').append(String.join(",", call.headers().all(name))).append('\n');
    }
    out.append('\n')
        .append(String.join(";", signedHeaders))
        .append('\n')
        .append(sha256Hex(call.body().toByteArray()));
    return out.toString();
  }

  /** Percent-decoding with {@code +} as a space, as the AWS SDK reads a query. */
  static String decode(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[bytes.length];
    int n = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '+') {
        out[n++] = ' ';
      } else if (bytes[i] == '%'
          && i + 2 < bytes.length
          && Character.digit(bytes[i + 1], 16) >= 0
          && Character.digit(bytes[i + 2], 16) >= 0) {
        out[n++] =
            (byte) (Character.digit(bytes[i + 1], 16) << 4 | Character.digit(bytes[i + 2], 16));
        i += 2;
      } else {
        out[n++] = bytes[i];
      }
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }

  static String sha256Hex(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
