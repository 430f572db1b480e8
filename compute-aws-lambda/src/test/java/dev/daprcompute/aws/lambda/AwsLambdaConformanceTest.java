package dev.daprcompute.aws.lambda;

import dev.daprcompute.api.ComputeProvider;
import dev.daprcompute.api.ComputeProviders;
import dev.daprcompute.testkit.AwsLambdaFake;
import dev.daprcompute.testkit.ComputeConformanceSuite;
import dev.daprcompute.testkit.PlatformFake;
import org.junit.jupiter.api.DisplayName;

/** compute.aws.lambda in mode invoke keeps every rule of the protocol, against the Lambda fake. */
@DisplayName("compute.aws.lambda conformance, mode invoke (Invoke API, SigV4, v2.0 envelope)")
class AwsLambdaConformanceTest extends ComputeConformanceSuite {
  @Override
  protected ComputeProvider provider() {
    return ComputeProviders.provider(new AwsLambdaPlatformProvider());
  }

  @Override
  protected PlatformFake startFake() {
    return AwsLambdaFake.start("orders-fn");
  }
}
