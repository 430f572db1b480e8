package dev.daprcompute.testkit.conformance;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.Compute;
import dev.daprcompute.api.ComputeInitException;
import dev.daprcompute.testkit.PlatformFake;
import java.util.function.Consumer;

/**
 * What the rules of a conformance run share: the provider's platform fake, one component
 * initialised through it, and new components when a rule needs its own. Given by {@link
 * dev.daprcompute.testkit.ComputeConformanceSuite} to every topic; valid from the suite's start to
 * its end, when every component it made is closed and the fake stopped. The suite resets the fake
 * ({@link PlatformFake#reset()}) before each rule.
 */
public interface Conformance {
  /**
   * The provider's platform fake, in front of a {@link dev.daprcompute.testkit.ReferenceFunction}.
   */
  PlatformFake fake();

  /** The component initialised once through the fake, shared by the rules that need no other. */
  Compute compute();

  /** The app ID the components serve; it must arrive as the token's {@code sub}. */
  String appId();

  /** A new component of the provider, not initialised; closed with the suite. */
  Compute create();

  /**
   * A new component for the fake, named {@code conformance} with an {@code initTimeout} of 5 s,
   * with {@code customize} applied to its metadata and initialised; closed with the suite.
   *
   * @throws ComputeInitException when init fails
   */
  Compute open(Consumer<ComponentMetadata.Builder> customize);

  /**
   * The init failure of a new component with {@code customize} applied; fails the rule (an {@link
   * AssertionError}) when init succeeds or fails otherwise.
   */
  ComputeInitException initFailure(Consumer<ComponentMetadata.Builder> customize);
}
