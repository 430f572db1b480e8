/**
 * AWS Lambda's HTTP event format (API Gateway HTTP API payload 2.0), read and written the same way
 * by the function side's Lambda adapter and by the {@code compute.aws.lambda} component.
 */
@NullMarked
package dev.daprcompute.protocol.lambda;

import org.jspecify.annotations.NullMarked;
