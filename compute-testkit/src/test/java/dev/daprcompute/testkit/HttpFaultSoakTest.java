package dev.daprcompute.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daprcompute.api.ComputeProviders;
import dev.daprcompute.api.http.HttpPlatformProvider;
import dev.daprcompute.protocol.TopicEventStatus;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * compute.http under the fault soak (FaultSoak): 10,000 topic events in CI, 100,000 with {@code
 * -Ddapr.compute.soak.events=100000}; figures in docs/reliability.md.
 */
@DisplayName("compute.http under the fault soak")
class HttpFaultSoakTest {

  @Test
  @Timeout(
      value = 30,
      unit = TimeUnit.MINUTES) // the soak bounds itself (maxDuration); this only stops a runaway
  @DisplayName(
      "every topic event ends as the handler said or RETRY, the handler never runs twice, nothing is left over")
  void nothingLost() {
    FaultSoak.Report report =
        FaultSoak.builder(
                ComputeProviders.provider(new HttpPlatformProvider()), HttpPlatformFake::start)
            .build()
            .run();
    System.out.println(report);
    report.assertNothingLost();
    assertThat(report.faulted()).as("faults were drawn").isPositive();
    assertThat(report.count(TopicEventStatus.SUCCESS)).as("some events succeeded").isPositive();
    assertThat(report.count(TopicEventStatus.DROP))
        .as("some events were dropped by the handler")
        .isPositive();
  }
}
