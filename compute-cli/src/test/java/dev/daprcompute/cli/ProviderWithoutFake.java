package dev.daprcompute.cli;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.MetadataField;
import dev.daprcompute.api.spi.PlatformProvider;
import dev.daprcompute.api.spi.PlatformTransport;
import java.util.List;

/**
 * A platform on the test classpath (registered in META-INF/services) that has no platform fake, as
 * a new provider module might before its fake lands: the demo lists it as skipped.
 */
public final class ProviderWithoutFake implements PlatformProvider {
  static final String TYPE = "compute.example.nofake";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public List<MetadataField> fields() {
    return List.of();
  }

  @Override
  public PlatformTransport transport(ComponentMetadata metadata, ComputeContext context) {
    throw new UnsupportedOperationException("the demo must not create a provider it cannot fake");
  }
}
