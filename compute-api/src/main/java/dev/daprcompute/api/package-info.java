/**
 * What a Dapr runtime uses: it hands service invocations, PubSub events and input-binding events to
 * a {@link dev.daprcompute.api.Compute}, which delivers them to a serverless function. The values
 * exchanged ({@code InvokeRequest}, {@code TopicEventRequest}, ...) live in {@code
 * dev.daprcompute.protocol}, shared with the function side; what a provider uses lives in {@code
 * dev.daprcompute.api.spi}.
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
