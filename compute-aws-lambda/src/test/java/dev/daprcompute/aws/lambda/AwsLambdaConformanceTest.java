package dev.daprcompute.aws.lambda;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ComputeProvider;
import dev.daprcompute.api.ComputeProviders;
import dev.daprcompute.testkit.AwsLambdaFake;
import dev.daprcompute.testkit.ComputeConformanceSuite;
import dev.daprcompute.testkit.PlatformFake;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;

/**
 * compute.aws.lambda in mode invoke keeps every rule of the protocol, against the Lambda fake;
 * with {@code invocationType: Event}, binding events are queued by Lambda (the suite's
 * asynchronous binding rules).
 */
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

  @Override
  protected Optional<Consumer<ComponentMetadata.Builder>> asyncBindingsComponent() {
    return Optional.of(metadata -> metadata.put("invocationType", "Event"));
  }
}
