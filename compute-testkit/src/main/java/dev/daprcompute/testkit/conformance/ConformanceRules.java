package dev.daprcompute.testkit.conformance;

import dev.daprcompute.api.Compute;
import dev.daprcompute.testkit.PlatformFake;

/**
 * What every topic of the conformance suite extends: the one fixture its rules run against, and
 * shortcuts to its fake and its shared component. {@link
 * dev.daprcompute.testkit.ComputeConformanceSuite} implements it; a provider's test gets it by
 * extending the suite.
 */
public interface ConformanceRules {
  /** The fixture of this run of the suite. */
  Conformance conformance();

  /** {@code conformance().fake()}. */
  default PlatformFake fake() {
    return conformance().fake();
  }

  /** {@code conformance().compute()}. */
  default Compute compute() {
    return conformance().compute();
  }
}
