/**
 * A small property-based testing harness for the parsers of outside input: seeded generators
 * ({@link dev.daprcompute.protocol.fuzz.Gen}), a runner that bounds every try and shrinks a
 * counter-example ({@link dev.daprcompute.protocol.fuzz.Fuzz}), and the contract every parser is
 * held to ({@link dev.daprcompute.protocol.fuzz.Contract}). Shared with the other modules' tests
 * through the compute-protocol test jar. See docs/reliability.md.
 */
package dev.daprcompute.protocol.fuzz;
