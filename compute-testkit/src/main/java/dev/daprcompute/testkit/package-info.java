/**
 * Testing compute providers and the code that uses them: a {@link
 * dev.daprcompute.testkit.ReferenceFunction} with behaviours chosen by input, WireMock fakes of
 * each platform in front of it ({@link dev.daprcompute.testkit.PlatformFake} and its subclasses)
 * with fault injection in the platforms' own words, {@link
 * dev.daprcompute.testkit.ComputeConformanceSuite}, the suite every provider passes, and {@link
 * dev.daprcompute.testkit.FaultSoak}, the soak every provider runs to show that no event is lost or
 * handled twice under faults. See {@code docs/testing.md}.
 */
@NullMarked
package dev.daprcompute.testkit;

import org.jspecify.annotations.NullMarked;
