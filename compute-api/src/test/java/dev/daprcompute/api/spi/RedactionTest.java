package dev.daprcompute.api.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What a provider may show of a platform's text. */
class RedactionTest {
  private static final String TOKEN =
      "IQoJb3JpZ2luX2VjEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmx"
          + "fpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSX";

  @Test
  @DisplayName(
      "token-like text is removed from a platform's message: session tokens, bearer tokens, JWTs, signatures")
  void platformMessages() {
    assertThat(Redaction.platformMessage("x-amz-security-token: " + TOKEN + " rest"))
        .isEqualTo("x-amz-security-token: [redacted] rest");
    assertThat(Redaction.platformMessage("token " + TOKEN)).isEqualTo("token [redacted]");
    assertThat(Redaction.platformMessage("got Bearer abc.def.ghi from"))
        .isEqualTo("got [redacted] from");
    assertThat(Redaction.platformMessage("jwt eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2ln here"))
        .isEqualTo("jwt [redacted] here");
    assertThat(
            Redaction.platformMessage(
                "Credential=AKID/2015/us-east-1/lambda/aws4_request, Signature=abc"))
        .isEqualTo("Credential=[redacted], Signature=[redacted]");
    assertThat(Redaction.platformMessage("a".repeat(10) + " " + "word ".repeat(100)))
        .hasSizeLessThanOrEqualTo(303);
    assertThat(Redaction.platformMessage("first line\nx-amz-security-token:" + TOKEN))
        .isEqualTo("first line");
    assertThat(
            Redaction.platformMessage(
                "denied. The Canonical String for this request should have been " + TOKEN))
        .isEqualTo("denied.");
  }

  @Test
  @DisplayName("a long message is cleaned in linear time, and a token cut at its end is left out")
  void longMessages() {
    String cleaned =
        assertTimeoutPreemptively(
            Duration.ofSeconds(5), () -> Redaction.platformMessage("boom " + "eyJ".repeat(70_000)));
    assertThat(cleaned).isEqualTo("boom");
  }

  @Test
  @DisplayName("an excerpt is text on one line, or the size and type of a body that is not text")
  void excerpts() {
    assertThat(Redaction.excerpt(Metadata.empty(), Payload.empty())).isEmpty();
    assertThat(
            Redaction.excerpt(
                Metadata.of("content-type", "text/html"),
                Payload.ofUtf8("<html>\n  busy\n</html>")))
        .isEqualTo("<html> busy </html>");
    assertThat(
            Redaction.excerpt(
                Metadata.of("content-type", "image/png"), Payload.wrap(new byte[1234])))
        .isEqualTo("1234 bytes of image/png");
    assertThat(Redaction.excerpt(Metadata.empty(), Payload.ofUtf8("x".repeat(500))))
        .hasSize(163)
        .endsWith("...");
    assertThat(
            Redaction.excerpt(Metadata.empty(), Payload.ofUtf8("Authorization: Bearer " + TOKEN)))
        .doesNotContain(TOKEN.substring(0, 20));
  }

  @Test
  @DisplayName("URLs lose user info and query")
  void urls() {
    assertThat(Redaction.url("https://me:pw@fn.example.com/api?code=K3Y"))
        .isEqualTo("https://[redacted]@fn.example.com/api?[redacted]");
  }
}
