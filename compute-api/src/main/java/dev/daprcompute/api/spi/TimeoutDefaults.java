package dev.daprcompute.api.spi;

import dev.daprcompute.api.ComponentMetadata;
import java.time.Duration;
import java.util.Objects;

/**
 * A platform's defaults for a component's deadlines ({@link PlatformProvider#timeoutDefaults()}),
 * for a platform that can hold a call longer than the common defaults allow (OpenFaaS: a scale from
 * zero waits up to about 100 s for a replica). A component's own {@code timeout} metadata and
 * {@code spec.initTimeout} always win. Immutable.
 *
 * @param timeout the deadline of a call when the component sets no {@code timeout}
 * @param initTimeout how long {@code init} may take when the component sets no {@code
 *     spec.initTimeout} ({@link ComponentMetadata#initTimeoutIfSet()} is empty)
 * @param reason why the platform needs them, for the {@code timeout} field's description, such as
 *     {@code since a scale from zero can hold a call for about 100 s}; empty for none
 */
public record TimeoutDefaults(Duration timeout, Duration initTimeout, String reason) {

  /** The defaults of every platform that declares none: 60 s a call, Dapr's 5 s for init. */
  public static final TimeoutDefaults COMMON =
      new TimeoutDefaults(Duration.ofSeconds(60), ComponentMetadata.DEFAULT_INIT_TIMEOUT, "");

  /**
   * @throws IllegalArgumentException when a duration is not positive
   */
  public TimeoutDefaults {
    Objects.requireNonNull(timeout, "timeout == null");
    Objects.requireNonNull(initTimeout, "initTimeout == null");
    Objects.requireNonNull(reason, "reason == null");
    if (timeout.isNegative()
        || timeout.isZero()
        || initTimeout.isNegative()
        || initTimeout.isZero()) {
      throw new IllegalArgumentException(
          "timeout and initTimeout must be positive: " + timeout + ", " + initTimeout);
    }
  }
}
