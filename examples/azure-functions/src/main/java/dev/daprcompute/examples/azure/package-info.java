/**
 * An example function on Azure Functions: an HTTP trigger on the Java worker (authLevel {@code
 * function}, catch-all route {@code dapr/{*path}}) that hands every request to compute-function's
 * {@code FunctionRouter}.
 */
@NullMarked
package dev.daprcompute.examples.azure;

import org.jspecify.annotations.NullMarked;
