package dev.daprcompute.aws.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The canonical forms and the key cache of our SigV4 signer. */
class SigV4Test {
  private static final SigV4.Credentials KEYS =
      new SigV4.Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);

  @Test
  @DisplayName("the canonical URI encodes the wire path once more: %3A becomes %253A, $ becomes %24")
  void canonicalUriDoubleEncodes() {
    assertThat(SigV4.canonicalUri("/2015-03-31/functions/fn%3Aprod/invocations"))
        .isEqualTo("/2015-03-31/functions/fn%253Aprod/invocations");
    assertThat(SigV4.canonicalUri("/a/$b/c:d")).isEqualTo("/a/%24b/c%3Ad");
    assertThat(SigV4.canonicalUri("")).isEqualTo("/");
  }

  @Test
  @DisplayName("the canonical URI drops dot segments and repeated slashes, keeping a trailing slash")
  void canonicalUriNormalises() {
    assertThat(SigV4.canonicalUri("//a/./b/../c//")).isEqualTo("/a/c/");
    assertThat(SigV4.canonicalUri("/a/b/../..")).isEqualTo("/");
    assertThat(SigV4.canonicalUri("/../a")).isEqualTo("/a");
  }

  @Test
  @DisplayName("the canonical query re-encodes strictly, sorts by name then value, and reads + as a space")
  void canonicalQuery() {
    assertThat(SigV4.canonicalQuery("b=2&a=z&a=y&c")).isEqualTo("a=y&a=z&b=2&c=");
    assertThat(SigV4.canonicalQuery("q=a+b&r=a%20b&s=a%2Bb")).isEqualTo("q=a%20b&r=a%20b&s=a%2Bb");
    assertThat(SigV4.canonicalQuery("x=%e2%9c%93&y=~-._&z=:/")).isEqualTo("x=%E2%9C%93&y=~-._&z=%3A%2F");
    assertThat(SigV4.canonicalQuery("bad=%zz&&")).isEqualTo("bad=%25zz");
    assertThat(SigV4.canonicalQuery("")).isEmpty();
  }

  @Test
  @DisplayName("header values are trimmed, inner whitespace collapsed, several values joined with commas")
  void canonicalHeaderValues() {
    assertThat(SigV4.canonicalValue(List.of("  a   b\t c  "))).isEqualTo("a b c");
    assertThat(SigV4.canonicalValue(List.of("x", " y "))).isEqualTo("x,y");
  }

  @Test
  @DisplayName("a cached signing key gives the same signature; another day or another secret gives another")
  void signingKeyCache() {
    SigV4 signer = new SigV4("us-east-1", "lambda");
    Instant day1 = Instant.parse("2026-01-01T10:00:00Z");
    String first = sign(signer, KEYS, day1);
    assertThat(sign(signer, KEYS, day1)).isEqualTo(first);
    assertThat(sign(new SigV4("us-east-1", "lambda"), KEYS, day1)).as("a fresh signer agrees").isEqualTo(first);
    String nextDay = sign(signer, KEYS, Instant.parse("2026-01-02T10:00:00Z"));
    assertThat(nextDay).isNotEqualTo(first);
    assertThat(sign(new SigV4("us-east-1", "lambda"), KEYS, Instant.parse("2026-01-02T10:00:00Z"))).isEqualTo(nextDay);
    String rotated = sign(signer, new SigV4.Credentials("AKIDEXAMPLE", "another-secret", null), day1);
    assertThat(rotated).isNotEqualTo(first);
    assertThat(sign(signer, KEYS, day1)).as("back to the first secret").isEqualTo(first);
  }

  @Test
  @DisplayName("credentials, and a signer holding a cached key, never print their secrets")
  void secretsNeverPrinted() {
    SigV4.Credentials session = new SigV4.Credentials("AKIDEXAMPLE", "the-secret", "the-session-token");
    assertThat(session.toString()).contains("AKIDEXAMPLE").doesNotContain("the-secret").doesNotContain("the-session-token");
    SigV4 signer = new SigV4("us-east-1", "lambda");
    assertThat(sign(signer, session, Instant.parse("2026-01-01T10:00:00Z"))).startsWith(SigV4.ALGORITHM); // caches the key
    assertThat(String.valueOf(signer)).doesNotContain("the-secret").doesNotContain("the-session-token");
  }

  private static String sign(SigV4 signer, SigV4.Credentials keys, Instant time) {
    TreeMap<String, List<String>> headers = new TreeMap<>();
    headers.put("host", List.of("lambda.us-east-1.amazonaws.com"));
    headers.put("x-amz-date", List.of(SigV4.AMZ_DATE.format(time)));
    return signer.sign("POST", "/", "", headers, SigV4.sha256Hex(new byte[0]), keys, time).authorization();
  }
}
