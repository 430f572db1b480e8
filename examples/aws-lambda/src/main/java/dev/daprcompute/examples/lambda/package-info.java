/**
 * An example function on AWS Lambda, built with compute-function's {@code LambdaFunctionAdapter}.
 */
@NullMarked
package dev.daprcompute.examples.lambda;

import org.jspecify.annotations.NullMarked;
