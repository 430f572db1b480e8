/**
 * The {@code compute.aws.lambda} provider: functions on AWS Lambda, called through the Invoke API
 * (SigV4-signed, the request wrapped in an API Gateway HTTP API v2.0 event) or a Function URL.
 * {@link dev.daprcompute.aws.lambda.AwsLambdaPlatformProvider} is the only public type.
 */
@NullMarked
package dev.daprcompute.aws.lambda;

import org.jspecify.annotations.NullMarked;
