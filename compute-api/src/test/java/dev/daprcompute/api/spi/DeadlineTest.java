package dev.daprcompute.api.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DeadlineTest {

  @Test
  @DisplayName("a deadline counts down, stops at zero, and takes the nearer of two")
  void countsDown() {
    Deadline later = Deadline.after(Duration.ofHours(1));
    assertThat(later.hasPassed()).isFalse();
    assertThat(later.remaining()).isPositive().isLessThanOrEqualTo(Duration.ofHours(1));
    Deadline passed = Deadline.after(Duration.ofSeconds(-1));
    assertThat(passed.hasPassed()).isTrue();
    assertThat(passed.remaining()).isZero();
    assertThat(later.atMost(Duration.ofSeconds(1)).remaining())
        .isLessThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(passed.atMost(Duration.ofSeconds(1))).isSameAs(passed);
  }

  @Test
  @DisplayName("a timeout beyond what nanoseconds hold is a deadline far away, not an overflow")
  void huge() {
    assertThat(Deadline.after(Duration.ofDays(365L * 1_000)).hasPassed()).isFalse();
    assertThat(Deadline.after(Duration.ofDays(-365L * 1_000)).hasPassed()).isTrue();
  }
}
