package dev.daprcompute.bridge.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The app API token")
class AppApiTokenTest {

  @Test
  @DisplayName("matches only the exact value")
  void matches() {
    AppApiToken token = AppApiToken.of("s3cret");
    assertThat(token.matches("s3cret")).isTrue();
    assertThat(token.matches("s3cret ")).isFalse();
    assertThat(token.matches("S3CRET")).isFalse();
    assertThat(token.matches("s3cre")).isFalse();
    assertThat(token.matches("")).isFalse();
    assertThat(token.matches(null)).isFalse();
  }

  @Test
  @DisplayName("never shows its value and refuses an empty one")
  void redacted() {
    assertThat(AppApiToken.of("s3cret").toString()).doesNotContain("s3cret");
    assertThatThrownBy(() -> AppApiToken.of(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("APP_API_TOKEN");
  }
}
