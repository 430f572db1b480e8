package dev.daprcompute.api;

import java.util.List;

/**
 * A factory for one component type, found with {@link java.util.ServiceLoader}: cheap to create,
 * stateless and thread-safe. Register an implementation in
 * {@code META-INF/services/dev.daprcompute.api.ComputeProvider}. {@link ComputeProviders} selects
 * the provider for a component by {@link #type()} and {@link #version()}.
 */
public interface ComputeProvider {

  /** The component type, as in {@code spec.type}: {@code compute.http}, {@code compute.aws.lambda}. */
  String type();

  /** The component version, as in {@code spec.version}: {@code v1}. */
  default String version() {
    return "v1";
  }

  /** The metadata fields this provider understands, common ones included. */
  List<MetadataField> metadataFields();

  /**
   * A new, uninitialised component. Does no I/O; the component is ready after {@link Compute#init}.
   */
  Compute create(ComputeContext context);
}
