package dev.daprcompute.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daprcompute.api.ComputeProvider;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The fault soak tests itself: run against providers that each break one rule, its ledger finds
 * exactly that. Small, quick soaks (every delivery meets a fault; a 1 s deadline), a fixed seed.
 */
@DisplayName("the fault soak catches broken providers")
class FaultSoakSelfTest {

  private static FaultSoak.Report soak(ComputeProvider provider, int events, double faultRate) {
    FaultSoak.Report report =
        FaultSoak.builder(provider, HttpPlatformFake::start)
            .events(events)
            .faultRate(faultRate)
            .timeouts(Duration.ofSeconds(1), Duration.ofMillis(400))
            .seed(8)
            .build()
            .run();
    System.out.println(report);
    return report;
  }

  @Test
  @DisplayName("a platform 500 read as the function's answer is SUCCESS without the handler")
  void catchesPlatform500AsSuccess() {
    FaultSoak.Report report = soak(BrokenProviders.mapsPlatform500ToSuccess(), 250, 1.0);
    assertThat(report.nothingLost()).isFalse();
    assertThat(report.violations())
        .anySatisfy(
            v ->
                assertThat(v)
                    .contains(
                        "(platform 500, handler did not run) ended SUCCESS, but the handler did not say SUCCESS"))
        .anySatisfy(
            v ->
                assertThat(v)
                    .contains("(function ran, then platform 500, handler said")
                    .contains("ended SUCCESS"))
        .filteredOn(v -> !v.startsWith("... and"))
        .allSatisfy(v -> assertThat(v).contains("platform 500"));
    assertThatThrownBy(report::assertNothingLost)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("seed 8")
        .hasMessageContaining("| platform 500 |");
  }

  @Test
  @DisplayName("a platform 404 read as the function's is DROP without the handler")
  void catchesPlatform404AsDrop() {
    FaultSoak.Report report = soak(BrokenProviders.treatsPlatform404AsDrop(), 250, 1.0);
    assertThat(report.violations())
        .anySatisfy(
            v ->
                assertThat(v)
                    .contains(
                        "(platform 404, handler did not run) ended DROP, but the handler did not say DROP"))
        .anySatisfy(
            v ->
                assertThat(v)
                    .contains(
                        "(unmarked 404 {\"status\":\"DROP\"}, handler did not run) ended DROP"))
        .filteredOn(v -> !v.startsWith("... and"))
        .allSatisfy(v -> assertThat(v).contains("404"));
  }

  @Test
  @DisplayName("a RETRY that loses the platform's Retry-After")
  void catchesLostRetryAfter() {
    FaultSoak.Report report = soak(BrokenProviders.ignoresRetryAfter(), 250, 1.0);
    assertThat(report.violations())
        .anySatisfy(
            v ->
                assertThat(v)
                    .contains(
                        "(platform 429, Retry-After 1, handler did not run) ended RETRY with "
                            + "Retry-After none, not the platform's 1000 ms"))
        .filteredOn(v -> !v.startsWith("... and"))
        .allSatisfy(v -> assertThat(v).contains("Retry-After"));
  }

  @Test
  @DisplayName(
      "a component that keeps something of every delivery leaves the heap above its baseline")
  void catchesALeak() {
    FaultSoak.Report report = soak(BrokenProviders.leaksEveryRequest(), 600, 0.1);
    assertThat(report.heapGrowth())
        .as("540 deliveries after the baseline, 64 KiB each")
        .isGreaterThan(30L << 20);
    assertThat(report.violations())
        .singleElement()
        .asString()
        .contains("the heap ended")
        .contains("above its baseline");
  }
}
