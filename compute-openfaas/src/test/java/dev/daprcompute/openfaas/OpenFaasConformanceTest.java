package dev.daprcompute.openfaas;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ComputeProvider;
import dev.daprcompute.api.ComputeProviders;
import dev.daprcompute.testkit.ComputeConformanceSuite;
import dev.daprcompute.testkit.OpenFaasFake;
import dev.daprcompute.testkit.PlatformFake;
import dev.daprcompute.testkit.conformance.AsyncBindingRules;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;

/**
 * compute.openfaas keeps every rule of the protocol, against the OpenFaaS gateway fake (with
 * /system credentials), and the optional rules of asynchronous binding events (the gateway's
 * /async-function queue).
 */
@DisplayName("compute.openfaas conformance (the gateway's /function, with /system checks)")
class OpenFaasConformanceTest extends ComputeConformanceSuite implements AsyncBindingRules {
  @Override
  protected ComputeProvider provider() {
    return ComputeProviders.provider(new OpenFaasPlatformProvider());
  }

  @Override
  protected PlatformFake startFake() {
    return OpenFaasFake.start("orders-fn");
  }

  @Override
  public Consumer<ComponentMetadata.Builder> asyncBindingsComponent() {
    return metadata -> metadata.put("asyncBindings", "true");
  }
}
