package dev.daprcompute.api.resources;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A Dapr {@code kind: Configuration} resource, reduced to what this library reads from it.
 *
 * @param file the file it was read from
 * @param name its {@code metadata.name}
 * @param compute its {@code spec.compute}, if it has one
 */
public record ConfigurationResource(String file, String name, @Nullable ComputeSelection compute) {

  public ConfigurationResource {
    Objects.requireNonNull(file, "file == null");
    Objects.requireNonNull(name, "name == null");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a Configuration needs a name");
    }
  }
}
