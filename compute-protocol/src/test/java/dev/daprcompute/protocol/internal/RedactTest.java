package dev.daprcompute.protocol.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RedactTest {

  @Test
  @DisplayName("URLs keep scheme, host, port and path; lose user info and query")
  void urls() {
    assertThat(Redact.url("https://fn.example.com/api?code=SECRET"))
        .isEqualTo("https://fn.example.com/api?[redacted]");
    assertThat(Redact.url("http://me:pw@10.0.0.1:81/")).isEqualTo("http://[redacted]@10.0.0.1:81/");
    assertThat(Redact.url("/relative/path?x=1")).isEqualTo("/relative/path?[redacted]");
    assertThat(Redact.url("https://me:pw@host with space/x?code=K"))
        .isEqualTo("https://[redacted]@host with space/x?[redacted]");
    assertThat(Redact.url("mailto:someone@example.com")).isEqualTo("[not a URL]");
  }

  @Test
  @DisplayName("bearer credentials and JWTs are replaced")
  void tokens() {
    assertThat(Redact.tokens("got Bearer abc.def.ghi and eyJhbGciOi.eyJzdWIi.c2ln"))
        .isEqualTo("got [redacted] and [redacted]");
  }
}
