/**
 * The function protocol, written once for both sides: its constants and wire formats
 * ({@link dev.daprcompute.api.protocol.WireFormat}), and the component-side client
 * ({@link dev.daprcompute.api.protocol.FunctionCompute}) that every provider uses.
 *
 * <p>A provider module supplies only a {@link dev.daprcompute.api.protocol.PlatformTransport}: how
 * a protocol request travels over its platform (base URL, platform credentials, envelopes) and how
 * the platform's own errors read. Paths, headers, tokens, size limits, deadlines, cancellation and
 * the delivery rules of protocol section 4 live here.
 */
@NullMarked
package dev.daprcompute.api.protocol;

import org.jspecify.annotations.NullMarked;
