/**
 * An example function on OpenFaaS: compute-function's {@code FunctionHttpServer} behind of-watchdog
 * in a container ({@code Dockerfile}, {@code stack.yml}).
 */
@NullMarked
package dev.daprcompute.examples.openfaas;

import org.jspecify.annotations.NullMarked;
