package dev.daprcompute.api.spi;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ComputeConfigurationException;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.MetadataField;
import dev.daprcompute.protocol.Feature;
import java.util.List;
import java.util.Set;

/**
 * A platform, the extension point of a provider module: found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.daprcompute.api.spi.PlatformProvider}), it names a component type
 * and makes the {@link PlatformTransport} of a component of that type.
 *
 * <p>{@link dev.daprcompute.api.ComputeProviders} does the rest, the same for every platform: it
 * adds the common metadata fields ({@code key}, {@code audience}, {@code tokenHeader}, {@code
 * tokenLifetime}, {@code minVersion}, {@code timeout}, {@code maxBodySize}, {@code
 * maxConcurrency}), and builds the {@link dev.daprcompute.api.Compute} around the transport: paths,
 * headers, tokens, limits, deadlines, cancellation, init checks and what each reply means.
 *
 * <p>Implementations are public, have a public no-argument constructor, are cheap to create (no
 * I/O), stateless and thread-safe: they are "simply a factory", like the AWS SDK's {@code
 * SdkHttpService}. See {@code docs/writing-a-provider.md}.
 */
public interface PlatformProvider {

  /**
   * The component type, as in {@code spec.type}: {@code compute.http}, {@code compute.aws.lambda}.
   */
  String type();

  /** The component version, as in {@code spec.version}: {@code v1}. */
  default String version() {
    return "v1";
  }

  /**
   * The platform's own metadata fields, without the common ones (which are added for it; declaring
   * one of them again is an error reported when the provider is loaded).
   */
  List<MetadataField> fields();

  /**
   * The transport of one component, from its metadata; called once per component, during {@code
   * init}, after the metadata was checked against {@link #fields()} and the common fields. Does no
   * I/O (the platform's checks belong in {@link PlatformTransport#checkPlatform}).
   *
   * @param metadata the component's metadata, secrets resolved
   * @param context what the runtime shares: derive HTTP clients from its client (the component's
   *     rules, no redirects and no timeouts of OkHttp's own, are already applied to it)
   * @throws ComputeConfigurationException when the metadata is wrong, naming every problem
   */
  PlatformTransport transport(ComponentMetadata metadata, ComputeContext context);

  /**
   * The platform's defaults for {@code timeout} and {@code initTimeout}, which the component's own
   * values override; {@link TimeoutDefaults#COMMON} (60 s, 5 s) unless the platform needs longer.
   * The {@code timeout} field's description states the platform's default.
   */
  default TimeoutDefaults timeoutDefaults() {
    return TimeoutDefaults.COMMON;
  }

  /**
   * Features every component of this type has, whatever its function says; features that depend on
   * a component's metadata are its transport's ({@link PlatformTransport#features()}).
   */
  default Set<Feature> features() {
    return Set.of();
  }
}
