package dev.daprcompute.azure.functions;

import dev.daprcompute.api.ComputeProvider;
import dev.daprcompute.api.ComputeProviders;
import dev.daprcompute.testkit.AzureFunctionsFake;
import dev.daprcompute.testkit.ComputeConformanceSuite;
import dev.daprcompute.testkit.PlatformFake;
import org.junit.jupiter.api.DisplayName;

/**
 * compute.azure.functions keeps every rule of the protocol, against the Azure Functions fake; its
 * components carry the master key, so init runs the admin checks too.
 */
@DisplayName("compute.azure.functions conformance (function key, master-key checks)")
class AzureFunctionsConformanceTest extends ComputeConformanceSuite {
  @Override
  protected ComputeProvider provider() {
    return ComputeProviders.provider(new AzureFunctionsPlatformProvider());
  }

  @Override
  protected PlatformFake startFake() {
    return AzureFunctionsFake.start("orders-fn");
  }
}
