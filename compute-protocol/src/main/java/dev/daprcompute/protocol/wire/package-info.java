/**
 * The protocol's wire format, written once for both sides: the bodies ({@link
 * dev.daprcompute.protocol.wire.WireFormat}) and the rules about headers that both a component and
 * a function apply.
 *
 * <p>Readers throw {@link java.lang.IllegalArgumentException} with a message that says what is
 * wrong and where, never what the body held; each side turns it into its own error.
 */
@NullMarked
package dev.daprcompute.protocol.wire;

import org.jspecify.annotations.NullMarked;
