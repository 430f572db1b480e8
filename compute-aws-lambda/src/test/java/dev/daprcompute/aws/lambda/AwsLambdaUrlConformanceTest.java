package dev.daprcompute.aws.lambda;

import dev.daprcompute.api.ComputeProvider;
import dev.daprcompute.api.ComputeProviders;
import dev.daprcompute.testkit.AwsLambdaFake;
import dev.daprcompute.testkit.ComputeConformanceSuite;
import dev.daprcompute.testkit.PlatformFake;
import org.junit.jupiter.api.DisplayName;

/**
 * compute.aws.lambda in mode url keeps every rule of the protocol, against a Function URL with auth
 * AWS_IAM (requests signed, the token in Dapr-Authorization).
 */
@DisplayName("compute.aws.lambda conformance, mode url (Function URL, AWS_IAM)")
class AwsLambdaUrlConformanceTest extends ComputeConformanceSuite {
  @Override
  protected ComputeProvider provider() {
    return ComputeProviders.provider(new AwsLambdaPlatformProvider());
  }

  @Override
  protected PlatformFake startFake() {
    return AwsLambdaFake.startFunctionUrl("orders-fn", AwsLambdaFake.UrlAuth.AWS_IAM);
  }
}
