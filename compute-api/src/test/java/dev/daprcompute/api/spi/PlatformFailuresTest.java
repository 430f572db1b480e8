package dev.daprcompute.api.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.api.ComputeUnavailableException.Reason;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import java.time.Clock;
import java.time.Duration;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** One wording of platform failures, for deliveries and for a transport's own calls. */
class PlatformFailuresTest {
  private static final PlatformTransport TRANSPORT =
      new PlatformTransport() {
        @Override
        public String platformName() {
          return "the test platform";
        }

        @Override
        public String functionName() {
          return "orders-fn";
        }

        @Override
        public OkHttpClient httpClient() {
          throw new UnsupportedOperationException();
        }

        @Override
        public Request toHttpRequest(FunctionRequest request) {
          throw new UnsupportedOperationException();
        }

        @Override
        public String advice(Reason reason) {
          return reason == Reason.NOT_DEPLOYED ? "deploy orders-fn with 'test deploy'" : "";
        }
      };

  private static ComputeUnavailableException delivery(int status, Metadata headers, String body) {
    return PlatformFailures.ofDelivery(
        TRANSPORT,
        "POST /orders of component 'c'",
        PlatformResponse.of(status, headers, Payload.ofUtf8(body)),
        Clock.systemUTC());
  }

  @Test
  @DisplayName(
      "each reason is worded with the platform, the function or the call, the status and the fix")
  void reasons() {
    ComputeUnavailableException missing = delivery(404, Metadata.empty(), "Not Found");
    assertThat(missing.reason()).isEqualTo(Reason.NOT_DEPLOYED);
    assertThat(missing.getMessage())
        .isEqualTo(
            "the test platform says function 'orders-fn' is not deployed (404: Not Found)"
                + ": deploy orders-fn with 'test deploy'");
    assertThat(missing.platformStatus()).hasValue(404);
    assertThat(missing.isRetryable()).isFalse();

    ComputeUnavailableException refused = delivery(403, Metadata.empty(), "");
    assertThat(refused.getMessage())
        .contains("refused the platform credential for POST /orders of component 'c' (403)")
        .contains("check the credential"); // no advice of the platform's: the generic one

    ComputeUnavailableException throttled =
        delivery(429, Metadata.of("Retry-After", "7"), "slow down");
    assertThat(throttled.reason()).isEqualTo(Reason.THROTTLED);
    assertThat(throttled.retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(throttled.isRetryable()).isTrue();
  }

  @Test
  @DisplayName("a delivery without the marker says so; a transport's own call just failed")
  void deliveryOrOwnCall() {
    assertThat(delivery(500, Metadata.empty(), "oops").getMessage())
        .contains("without the function's Dapr-Compute-Protocol header (500: oops)");
    ComputeUnavailableException own =
        PlatformFailures.ofPlatformCall(
            TRANSPORT,
            "the status call",
            PlatformResponse.of(500, Metadata.empty(), Payload.ofUtf8("oops")),
            Clock.systemUTC());
    assertThat(own.getMessage()).isEqualTo("the test platform failed the status call (500: oops)");
  }

  @Test
  @DisplayName(
      "a platform error decoded by the transport wins over the status, and its message is cleaned")
  void platformErrors() {
    PlatformResponse crashed =
        new PlatformResponse(
            200,
            Metadata.empty(),
            Payload.empty(),
            new PlatformResponse.PlatformError(
                Reason.FUNCTION_CRASHED, "Unhandled", "boom with Bearer eyJabc.def.ghi"));
    ComputeUnavailableException e =
        PlatformFailures.ofDelivery(TRANSPORT, "GET /x", crashed, Clock.systemUTC());
    assertThat(e.reason()).isEqualTo(Reason.FUNCTION_CRASHED);
    assertThat(e.getMessage())
        .isEqualTo(
            "function 'orders-fn' crashed before answering GET /x (200 Unhandled: boom with [redacted])");
  }

  @Test
  @DisplayName("a redirect names its status and the redacted Location, and is never followed")
  void redirects() {
    assertThat(
            delivery(302, Metadata.of("Location", "https://other.example.com/x?code=SECRET"), "")
                .getMessage())
        .contains(
            "redirected POST /orders of component 'c' (302 to https://other.example.com/x?[redacted])")
        .doesNotContain("SECRET");
  }

  @Test
  @DisplayName("an error that carries its own fix says it instead of the advice for its reason")
  void errorWithItsOwnFix() {
    PlatformResponse stopped =
        new PlatformResponse(
            403,
            Metadata.empty(),
            Payload.empty(),
            new PlatformResponse.PlatformError(
                null, "AppStopped", "the app is stopped", "start it"));
    ComputeUnavailableException e =
        PlatformFailures.ofDelivery(TRANSPORT, "GET /x", stopped, Clock.systemUTC());
    assertThat(e.reason()).as("still by its status").isEqualTo(Reason.PLATFORM_CREDENTIALS);
    assertThat(e.getMessage())
        .isEqualTo(
            "the test platform refused GET /x (403 AppStopped: the app is stopped): start it");

    PlatformResponse missing =
        new PlatformResponse(
            404,
            Metadata.empty(),
            Payload.empty(),
            new PlatformResponse.PlatformError(null, "NotFound", "no such route", "fix the route"));
    assertThat(
            PlatformFailures.ofPlatformCall(TRANSPORT, "GET /y", missing, Clock.systemUTC())
                .getMessage())
        .isEqualTo(
            "the test platform says function 'orders-fn' is not deployed (404 NotFound: no such route): fix the route")
        .doesNotContain("test deploy");

    PlatformResponse busy =
        new PlatformResponse(
            503,
            Metadata.empty(),
            Payload.empty(),
            new PlatformResponse.PlatformError(
                null, "Busy", "the host is starting", "wait for it"));
    assertThat(
            PlatformFailures.ofPlatformCall(TRANSPORT, "GET /z", busy, Clock.systemUTC())
                .getMessage())
        .isEqualTo("the test platform failed GET /z (503 Busy: the host is starting): wait for it");
  }
}
