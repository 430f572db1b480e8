/**
 * The rules of {@link dev.daprcompute.testkit.ComputeConformanceSuite}, one interface per topic of
 * {@code docs/protocol.md}, as Micrometer's compatibility kit has them. Each rule is a default
 * {@code @Test} method whose display name says the rule and whose Javadoc says what to look at when
 * it fails.
 *
 * <p>Required topics, which the suite implements and every provider passes: {@link
 * dev.daprcompute.testkit.conformance.InitRules}, {@link
 * dev.daprcompute.testkit.conformance.InvokeRules}, {@link
 * dev.daprcompute.testkit.conformance.TopicEventRules}, {@link
 * dev.daprcompute.testkit.conformance.BulkRules}, {@link
 * dev.daprcompute.testkit.conformance.BindingRules}, {@link
 * dev.daprcompute.testkit.conformance.SubscriptionRules}, {@link
 * dev.daprcompute.testkit.conformance.AuthRules}, {@link
 * dev.daprcompute.testkit.conformance.PlatformFaultRules} and {@link
 * dev.daprcompute.testkit.conformance.HostileRules}. Optional topics, which a provider's
 * conformance test implements besides extending the suite when its platform has the capability:
 * {@link dev.daprcompute.testkit.conformance.AsyncBindingRules}.
 *
 * <p>Every topic reaches the suite's fixture through {@link
 * dev.daprcompute.testkit.conformance.ConformanceRules#conformance()}; {@link
 * dev.daprcompute.testkit.conformance.Checks} holds the calls and assertions the rules share.
 */
@NullMarked
package dev.daprcompute.testkit.conformance;

import org.jspecify.annotations.NullMarked;
