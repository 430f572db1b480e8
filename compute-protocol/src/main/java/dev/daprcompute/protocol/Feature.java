package dev.daprcompute.protocol;

import java.util.Optional;

/**
 * An optional capability of a compute component and its function, as a component reports it ({@code
 * Compute.features()}).
 *
 * <p>Features come from two places: the component (what its platform can do) and the function (the
 * {@code features} list of its info document, by {@link #wireName()}).
 */
public enum Feature {
  /**
   * The function answers bulk deliveries itself; without it the component delivers entries one by
   * one.
   */
  BULK_TOPIC_EVENTS("bulkTopicEvents"),
  /** {@code init} checks the platform (deployment, credentials) before it calls the function. */
  PLATFORM_CHECKS("platformChecks"),
  /** The component can deploy or upgrade the function itself. */
  MANAGED_DEPLOYMENT("managedDeployment"),
  /** Binding events can be sent without waiting for a reply (the function's reply is not read). */
  ASYNC_BINDING_EVENTS("asyncBindingEvents");

  private final String wireName;

  Feature(String wireName) {
    this.wireName = wireName;
  }

  /** The name in a function's info document. */
  public String wireName() {
    return wireName;
  }

  /** The feature with this info-document name, if known; unknown names are ignored by design. */
  public static Optional<Feature> fromWireName(String name) {
    for (Feature feature : values()) {
      if (feature.wireName.equals(name)) {
        return Optional.of(feature);
      }
    }
    return Optional.empty();
  }
}
