/**
 * The bridge's internals: the gRPC {@code AppCallback} services, the HTTP app channel, and the
 * mappings between Dapr's messages and the compute SPI. Not an API: names and signatures change
 * without notice. Use {@link dev.daprcompute.bridge.ComputeBridge}.
 *
 * <p>Everything in this package is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.daprcompute.bridge.internal;

import org.jspecify.annotations.NullMarked;
