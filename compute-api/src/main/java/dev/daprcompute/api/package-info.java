/**
 * The compute SPI: a Dapr runtime hands service invocations, PubSub events and input-binding events
 * to a {@link dev.daprcompute.api.Compute}, which delivers them to a serverless function.
 *
 * <p>Values mirror Dapr 1.16's {@code AppCallback} messages field for field, so a runtime can map
 * its protobuf messages to these records without loss:
 *
 * <pre>{@code
 * try (ComputeHandle handle = ComputeLoader.builder()
 *         .resourcesPath(Path.of("resources"))
 *         .configuration(Path.of("config.yaml"))
 *         .build()
 *         .load()) {
 *   Compute compute = handle.compute();
 *   InvokeResponse reply = compute.onInvoke(InvokeRequest.of("orders/42", HttpVerb.GET)).join();
 * }
 * }</pre>
 *
 * <p>Everything in this package is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.daprcompute.api;

import org.jspecify.annotations.NullMarked;
