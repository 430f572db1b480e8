/**
 * The function protocol's values, shared by both sides: what a component sends a function and what
 * the function answers (invocations, PubSub events and batches, binding events, subscriptions, the
 * info document), and the protocol's constants ({@link dev.daprcompute.protocol.Protocol}).
 *
 * <p>Values mirror Dapr 1.16's {@code AppCallback} messages field for field, so a runtime can map
 * its protobuf messages to these records without loss. Everything in this package is non-null
 * unless marked {@code @Nullable}.
 */
@NullMarked
package dev.daprcompute.protocol;

import org.jspecify.annotations.NullMarked;
