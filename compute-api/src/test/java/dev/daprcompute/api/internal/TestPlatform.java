package dev.daprcompute.api.internal;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.Compute;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeProviders;
import dev.daprcompute.api.MetadataField;
import dev.daprcompute.api.spi.PlatformProvider;
import dev.daprcompute.api.spi.PlatformTransport;
import java.util.List;

/** A platform of type {@code compute.test} whose every component uses one given transport. */
record TestPlatform(PlatformTransport transport) implements PlatformProvider {

  /** A component around {@code transport}, as ComputeProviders builds it. */
  static Compute compute(PlatformTransport transport) {
    return ComputeProviders.provider(new TestPlatform(transport)).create(ComputeContext.defaults());
  }

  @Override
  public String type() {
    return "compute.test";
  }

  @Override
  public List<MetadataField> fields() {
    return List.of();
  }

  @Override
  public PlatformTransport transport(ComponentMetadata metadata, ComputeContext context) {
    return transport;
  }
}
