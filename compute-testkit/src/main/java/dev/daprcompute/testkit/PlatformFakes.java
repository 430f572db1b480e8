package dev.daprcompute.testkit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** The platform fakes on the classpath, by component type. */
public final class PlatformFakes {
  private PlatformFakes() {}

  /** Every fake factory visible to the testkit's class loader, by component type. */
  public static List<PlatformFakeFactory> all() {
    List<PlatformFakeFactory> factories = new ArrayList<>();
    ServiceLoader.load(PlatformFakeFactory.class, PlatformFakes.class.getClassLoader())
        .forEach(factories::add);
    factories.sort(Comparator.comparing(PlatformFakeFactory::componentType));
    return List.copyOf(factories);
  }

  /** The fake for {@code componentType}, if the classpath has one. */
  public static Optional<PlatformFakeFactory> forType(String componentType) {
    return all().stream().filter(f -> f.componentType().equals(componentType)).findFirst();
  }
}
