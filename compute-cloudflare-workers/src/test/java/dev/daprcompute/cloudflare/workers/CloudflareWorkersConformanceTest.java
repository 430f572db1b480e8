package dev.daprcompute.cloudflare.workers;

import dev.daprcompute.api.ComputeProvider;
import dev.daprcompute.api.ComputeProviders;
import dev.daprcompute.testkit.CloudflareWorkersFake;
import dev.daprcompute.testkit.ComputeConformanceSuite;
import dev.daprcompute.testkit.PlatformFake;
import org.junit.jupiter.api.DisplayName;

/**
 * compute.cloudflare.workers keeps every rule of the protocol, against the Cloudflare fake: the
 * fake's component names the worker's URL and the account's API credentials, so init also checks
 * the worker through the API (the checked mode).
 */
@DisplayName(
    "compute.cloudflare.workers conformance (workerUrl, init checked through the Cloudflare API)")
class CloudflareWorkersConformanceTest extends ComputeConformanceSuite {
  @Override
  protected ComputeProvider provider() {
    return ComputeProviders.provider(new CloudflareWorkersPlatformProvider());
  }

  @Override
  protected PlatformFake startFake() {
    return CloudflareWorkersFake.start("orders-fn");
  }
}
