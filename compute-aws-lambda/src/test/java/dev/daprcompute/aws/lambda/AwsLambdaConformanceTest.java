package dev.daprcompute.aws.lambda;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ComputeProvider;
import dev.daprcompute.api.ComputeProviders;
import dev.daprcompute.testkit.AwsLambdaFake;
import dev.daprcompute.testkit.ComputeConformanceSuite;
import dev.daprcompute.testkit.PlatformFake;
import dev.daprcompute.testkit.conformance.AsyncBindingRules;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;

/**
 * compute.aws.lambda in mode invoke keeps every rule of the protocol, against the Lambda fake; with
 * {@code invocationType: Event}, Lambda queues binding events (the optional {@link
 * AsyncBindingRules}).
 */
@DisplayName("compute.aws.lambda conformance, mode invoke (Invoke API, SigV4, v2.0 envelope)")
class AwsLambdaConformanceTest extends ComputeConformanceSuite implements AsyncBindingRules {
  @Override
  protected ComputeProvider provider() {
    return ComputeProviders.provider(new AwsLambdaPlatformProvider());
  }

  @Override
  protected PlatformFake startFake() {
    return AwsLambdaFake.start("orders-fn");
  }

  @Override
  public Consumer<ComponentMetadata.Builder> asyncBindingsComponent() {
    return metadata -> metadata.put("invocationType", "Event");
  }
}
