package dev.daprcompute.api.resources;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A Configuration's {@code spec.compute}: which component is the app's compute target.
 *
 * @param name the component's {@code metadata.name}; required
 * @param type the component's expected {@code spec.type}, checked when given
 */
public record ComputeSelection(String name, @Nullable String type) {

  public ComputeSelection {
    Objects.requireNonNull(name, "name == null");
    if (name.isBlank()) {
      throw new IllegalArgumentException("spec.compute needs a name");
    }
    if (type != null && type.isBlank()) {
      throw new IllegalArgumentException("spec.compute.type is blank; leave it out instead");
    }
  }
}
