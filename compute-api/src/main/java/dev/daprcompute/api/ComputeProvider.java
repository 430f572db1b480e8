package dev.daprcompute.api;

import java.util.List;

/**
 * A component type as a runtime sees it: what {@link ComputeProviders} hands out, built around a
 * platform ({@link dev.daprcompute.api.spi.PlatformProvider}) with the common metadata fields and
 * the function protocol added. Stateless and thread-safe.
 *
 * <p>A runtime does not implement it: a new platform implements {@code PlatformProvider}. Test
 * doubles may implement it and pass it to {@link ComputeProviders#of}.
 */
public interface ComputeProvider {

  /**
   * The component type, as in {@code spec.type}: {@code compute.http}, {@code compute.aws.lambda}.
   */
  String type();

  /** The component version, as in {@code spec.version}: {@code v1}. */
  default String version() {
    return "v1";
  }

  /** The metadata fields this component type understands, the common ones included. */
  List<MetadataField> metadataFields();

  /**
   * A new, uninitialised component. Does no I/O; the component is ready after {@link Compute#init}.
   */
  Compute create(ComputeContext context);

  /**
   * The token audience a component with {@code metadata} uses (protocol section 2): its {@code
   * audience} metadata, else the function's name on its platform (for {@code compute.http} the
   * endpoint URL, for {@code compute.aws.lambda} the bare function name). Does no I/O.
   *
   * @throws ComputeConfigurationException when the metadata is wrong, or names no audience and the
   *     provider cannot tell the function's name
   */
  default String audience(ComponentMetadata metadata) {
    return metadata
        .string("audience")
        .orElseThrow(
            () ->
                metadata.error(
                    "audience",
                    "is not set, and provider " + type() + " cannot tell the function's name",
                    "set audience"));
  }
}
