package dev.daprcompute.azure.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daprcompute.api.ComputeProviders;
import dev.daprcompute.protocol.TopicEventStatus;
import dev.daprcompute.testkit.AzureFunctionsFake;
import dev.daprcompute.testkit.FaultSoak;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * compute.azure.functions under the fault soak (FaultSoak), the faults answered as the Azure
 * Functions fake answers them (404 and 500 with empty bodies, 429 with X-FUNCTION-SCALEOUT, the
 * cold start's 503 "Function host is not running.", the front end's 502): 10,000 topic events in
 * CI, 100,000 with {@code -Ddapr.compute.soak.events=100000}.
 */
@DisplayName("compute.azure.functions under the fault soak")
class AzureFunctionsFaultSoakTest {

  @Test
  @Timeout(
      value = 30,
      unit = TimeUnit.MINUTES) // the soak bounds itself (maxDuration); this only stops a runaway
  @DisplayName(
      "every topic event ends as the handler said or RETRY, the handler never runs twice, nothing is left over")
  void nothingLost() {
    FaultSoak.Report report =
        FaultSoak.builder(
                ComputeProviders.provider(new AzureFunctionsPlatformProvider()),
                AzureFunctionsFake::start)
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
