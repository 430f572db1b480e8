/**
 * The rules of {@link dev.daprcompute.testkit.ComputeConformanceSuite}, one interface per topic of
 * {@code docs/protocol.md}: {@link dev.daprcompute.testkit.conformance.InitRules},
 * {@link dev.daprcompute.testkit.conformance.InvokeRules},
 * {@link dev.daprcompute.testkit.conformance.TopicEventRules},
 * {@link dev.daprcompute.testkit.conformance.BulkRules},
 * {@link dev.daprcompute.testkit.conformance.BindingRules},
 * {@link dev.daprcompute.testkit.conformance.SubscriptionRules},
 * {@link dev.daprcompute.testkit.conformance.AuthRules},
 * {@link dev.daprcompute.testkit.conformance.PlatformFaultRules} and
 * {@link dev.daprcompute.testkit.conformance.HostileRules}. Each rule is a default {@code @Test}
 * method whose display name says the rule and whose Javadoc says what to look at when it fails.
 *
 * <p>A provider does not implement these: it extends the suite, whose nested classes implement
 * every topic around one shared {@link dev.daprcompute.testkit.conformance.Conformance} fixture.
 * {@link dev.daprcompute.testkit.conformance.Checks} holds the calls and assertions the rules
 * share.
 */
@NullMarked
package dev.daprcompute.testkit.conformance;

import org.jspecify.annotations.NullMarked;
