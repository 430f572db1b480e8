package dev.daprcompute.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daprcompute.api.ComputeUnavailableException.Reason;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ComputeUnavailableExceptionTest {

  @ParameterizedTest(name = "{0} after platform status {1} -> {2}")
  @CsvSource({
    "TIMEOUT, 0, 504",
    "TIMEOUT, 504, 504",
    "THROTTLED, 429, 429",
    "NOT_DEPLOYED, 404, 502",
    "PLATFORM_CREDENTIALS, 403, 502",
    "PLATFORM_ERROR, 500, 502",
    "PLATFORM_ERROR, 503, 503",
    "FUNCTION_CRASHED, 200, 502",
    "CONNECTION_FAILED, 0, 502"
  })
  void gateway_status_for_a_dapr_caller(Reason reason, int platformStatus, int expected) {
    ComputeUnavailableException e =
        new ComputeUnavailableException(
            reason, "m", platformStatus == 0 ? null : platformStatus, null, null);

    assertThat(e.gatewayStatus()).isEqualTo(expected);
  }

  @ParameterizedTest
  @EnumSource(Reason.class)
  void
      retryable_as_init_treats_it_only_an_operator_fixes_a_missing_function_or_a_refused_credential(
          Reason reason) {
    ComputeUnavailableException e = new ComputeUnavailableException(reason, "m", null);

    assertThat(e.isRetryable())
        .isEqualTo(reason != Reason.NOT_DEPLOYED && reason != Reason.PLATFORM_CREDENTIALS);
    assertThat(e.platformStatus()).isEmpty();
    assertThat(e.retryAfter()).isEmpty();
    assertThat(e.reason()).isEqualTo(reason);
  }

  @ParameterizedTest
  @EnumSource(Reason.class)
  void the_gateway_status_is_always_an_error_status(Reason reason) {
    assertThat(new ComputeUnavailableException(reason, "m", null).gatewayStatus())
        .isBetween(429, 599);
  }

  @Test
  void platform_status_and_retry_after_are_kept() {
    ComputeUnavailableException e =
        new ComputeUnavailableException(
            Reason.THROTTLED, "slow down", 429, Duration.ofSeconds(7), null);

    assertThat(e.platformStatus()).hasValue(429);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(e).hasMessage("slow down");
  }
}
