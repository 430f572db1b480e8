package dev.daprcompute.cloudflare.workers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daprcompute.api.ComputeProviders;
import dev.daprcompute.protocol.TopicEventStatus;
import dev.daprcompute.testkit.CloudflareWorkersFake;
import dev.daprcompute.testkit.FaultSoak;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * compute.cloudflare.workers under the fault soak (FaultSoak), against the Cloudflare fake, whose
 * faults are Cloudflare's own pages (1101, 1102, 1015, 524...): 10,000 topic events in CI, 100,000
 * with {@code -Ddapr.compute.soak.events=100000}.
 */
@DisplayName("compute.cloudflare.workers under the fault soak")
class CloudflareWorkersFaultSoakTest {

  @Test
  @Timeout(
      value = 30,
      unit = TimeUnit.MINUTES) // the soak bounds itself (maxDuration); this only stops a runaway
  @DisplayName(
      "every topic event ends as the handler said or RETRY, the handler never runs twice, nothing is left over")
  void nothingLost() {
    FaultSoak.Report report =
        FaultSoak.builder(
                ComputeProviders.provider(new CloudflareWorkersPlatformProvider()),
                function -> CloudflareWorkersFake.start(function))
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
