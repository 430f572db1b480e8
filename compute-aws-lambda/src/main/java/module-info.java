/**
 * The {@code compute.aws.lambda} provider: AWS Lambda through its Invoke API or a Function URL.
 * Nothing is exported: a runtime finds it through {@link java.util.ServiceLoader}.
 */
module dev.daprcompute.aws.lambda {
  requires dev.daprcompute.api;
  requires static org.jspecify;
  requires org.slf4j;
  requires software.amazon.awssdk.auth;
  requires software.amazon.awssdk.http;
  requires software.amazon.awssdk.http.auth.aws;
  requires software.amazon.awssdk.http.auth.spi;
  requires software.amazon.awssdk.identity.spi;
  requires software.amazon.awssdk.regions;
  requires software.amazon.awssdk.utils;

  provides dev.daprcompute.api.spi.PlatformProvider with
      dev.daprcompute.aws.lambda.AwsLambdaPlatformProvider;
}
