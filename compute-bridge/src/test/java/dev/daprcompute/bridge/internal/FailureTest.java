package dev.daprcompute.bridge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daprcompute.api.ComputeRequestException;
import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.api.ComputeUnavailableException.Reason;
import dev.daprcompute.api.FunctionRejectedException;
import dev.daprcompute.api.ProtocolViolationException;
import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("How a failed Compute call is reported to daprd")
class FailureTest {

  @Test
  @DisplayName(
      "reports an unavailable platform with its gateway status on both channels, and its Retry-After")
  void unavailable() {
    Failure throttled =
        Failure.of(
            new CompletionException(
                new ComputeUnavailableException(
                    Reason.THROTTLED, "throttled", 429, Duration.ofMillis(1500), null)));
    assertThat(throttled.httpStatus()).isEqualTo(429);
    assertThat(throttled.grpcCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(throttled.retryAfterSeconds()).hasValue("2");
    assertThat(throttled.message()).isEqualTo("throttled");

    Failure missing =
        Failure.of(
            new ComputeUnavailableException(Reason.NOT_DEPLOYED, "not deployed", 404, null, null));
    assertThat(missing.httpStatus()).isEqualTo(502);
    assertThat(missing.grpcCode()).isEqualTo(Status.Code.UNKNOWN);

    Failure timeout = Failure.of(new ComputeUnavailableException(Reason.TIMEOUT, "slow", null));
    assertThat(timeout.httpStatus()).isEqualTo(504);
    assertThat(timeout.grpcCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
  }

  @Test
  @DisplayName("reports the other failures by what the caller can do")
  void others() {
    assertThat(Failure.of(new ComputeRequestException("bad path")).grpcCode())
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(Failure.of(new ComputeRequestException("bad path")).httpStatus()).isEqualTo(400);
    Failure token = Failure.of(new FunctionRejectedException("token refused", 401, "expired"));
    assertThat(token.httpStatus()).isEqualTo(502);
    assertThat(token.grpcCode()).isEqualTo(Status.Code.INTERNAL);
    Failure binding =
        Failure.of(new FunctionRejectedException("the function answered 500", 500, null));
    assertThat(binding.httpStatus()).isEqualTo(500);
    assertThat(binding.grpcCode()).isEqualTo(Status.Code.UNKNOWN);
    assertThat(Failure.of(new ProtocolViolationException("garbage")).httpStatus()).isEqualTo(502);
    assertThat(Failure.of(new IllegalStateException("not initialised")).grpcCode())
        .isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(Failure.of(new CancellationException()).grpcCode()).isEqualTo(Status.Code.CANCELLED);
    Failure unknown = Failure.of(new NullPointerException("secret=hunter2"));
    assertThat(unknown.httpStatus()).isEqualTo(500);
    assertThat(unknown.message()).as("an unvetted message is not shown").doesNotContain("hunter2");
  }
}
