package dev.daprcompute.testkit;

import dev.daprcompute.api.ComputeProvider;
import dev.daprcompute.api.ComputeProviders;
import dev.daprcompute.api.http.HttpPlatformProvider;
import org.junit.jupiter.api.DisplayName;

/** compute.http keeps every rule of the protocol, against the plain-HTTP fake. */
@DisplayName("compute.http conformance")
class HttpComputeConformanceTest extends ComputeConformanceSuite {
  @Override
  protected ComputeProvider provider() {
    return ComputeProviders.provider(new HttpPlatformProvider());
  }

  @Override
  protected PlatformFake startFake() {
    return HttpPlatformFake.start("orders-fn");
  }
}
