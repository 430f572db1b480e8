/**
 * The bridge: serves any {@link dev.daprcompute.api.Compute} as a Dapr app over gRPC ({@code
 * AppCallback}) and HTTP (Dapr's HTTP app channel), so an unmodified daprd delivers service
 * invocations, PubSub events and input-binding events to a serverless function. Start one with
 * {@link dev.daprcompute.bridge.ComputeBridge#builder}.
 *
 * <p>Everything in this package is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.daprcompute.bridge;

import org.jspecify.annotations.NullMarked;
