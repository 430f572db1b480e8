package dev.daprcompute.api.internal;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.Compute;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeProvider;
import dev.daprcompute.api.MetadataField;
import dev.daprcompute.api.spi.PlatformProvider;
import dev.daprcompute.api.spi.PlatformTransport;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The {@link ComputeProvider} of a {@link PlatformProvider}: the common fields added to the
 * platform's (the {@code timeout} field stating the platform's default), and {@link
 * FunctionCompute} around its transport. "The protocol is written once" holds by construction.
 * Immutable and thread-safe.
 */
public final class PlatformComputeProvider implements ComputeProvider {
  private final PlatformProvider platform;
  private final String type;
  private final String version;
  private final List<MetadataField> fields;

  /**
   * @throws IllegalArgumentException when the platform's type or version is blank, or it declares a
   *     field twice or one of the common fields
   */
  public PlatformComputeProvider(PlatformProvider platform) {
    this.platform = Objects.requireNonNull(platform, "platform == null");
    this.type = Objects.requireNonNull(platform.type(), "type() == null");
    this.version = Objects.requireNonNull(platform.version(), "version() == null");
    if (type.isBlank() || version.isBlank()) {
      throw new IllegalArgumentException(
          platform.getClass().getName() + " declares a blank type or version");
    }
    Set<String> names = new HashSet<>();
    ProtocolSettings.FIELDS.forEach(field -> names.add(field.name().toLowerCase(Locale.ROOT)));
    for (MetadataField field : platform.fields()) {
      if (!names.add(field.name().toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(
            platform.getClass().getName()
                + " declares metadata field '"
                + field.name()
                + "' twice or as one of the common fields, which every component type has already");
      }
    }
    this.fields =
        ProtocolSettings.fieldsWith(
            platform.fields(),
            Objects.requireNonNull(platform.timeoutDefaults(), "timeoutDefaults() == null"));
  }

  /** The platform this provider is built around. */
  public PlatformProvider platform() {
    return platform;
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public List<MetadataField> metadataFields() {
    return fields;
  }

  @Override
  public Compute create(ComputeContext context) {
    return new FunctionCompute(context, fields, platform);
  }

  /** The {@code audience} metadata, else the name the platform's transport gives the function. */
  @Override
  public String audience(ComponentMetadata metadata) {
    metadata.validate(fields);
    String audience = metadata.string("audience").orElse(null);
    if (audience != null) {
      return audience;
    }
    ComputeContext defaults = ComputeContext.defaults();
    ComputeContext context =
        new ComputeContext(HttpClients.harden(defaults.httpClient()), defaults.clock(), null);
    try (PlatformTransport transport = platform.transport(metadata, context)) {
      return transport.functionName();
    }
  }

  @Override
  public String toString() {
    return "ComputeProvider[" + type + "/" + version + ", " + platform.getClass().getName() + "]";
  }
}
