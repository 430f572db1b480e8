package dev.daprcompute.aws.lambda;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The second half of SigV4, written down for tests: from a canonical request (written out by hand
 * or taken from the official suite) to the {@code Authorization} header, by the key derivation and
 * the string to sign of the specification. Lets a test say what must be signed without trusting the
 * signer under test.
 */
final class SigV4Reference {
  private SigV4Reference() {}

  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  static String authorization(
      String canonicalRequest,
      Instant time,
      String region,
      String service,
      String accessKeyId,
      String secretAccessKey) {
    String amzDate = AMZ_DATE.format(time);
    String date = amzDate.substring(0, 8);
    String scope = date + "/" + region + "/" + service + "/aws4_request";
    String stringToSign =
        "AWS4-HMAC-SHA256\n"
            + amzDate
            + "\n"
            + scope
            + "\n"
            + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), date);
    for (String part : new String[] {region, service, "aws4_request"}) {
      key = hmac(key, part);
    }
    String[] lines = canonicalRequest.split("\n", -1);
    String signedHeaders = lines[lines.length - 2];
    return "AWS4-HMAC-SHA256 Credential="
        + accessKeyId
        + "/"
        + scope
        + ", SignedHeaders="
        + signedHeaders
        + ", Signature="
        + HexFormat.of().formatHex(hmac(key, stringToSign));
  }

  static String sha256Hex(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
