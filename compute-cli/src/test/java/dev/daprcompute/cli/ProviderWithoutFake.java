package dev.daprcompute.cli;

import dev.daprcompute.api.Compute;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeProvider;
import dev.daprcompute.api.MetadataField;
import java.util.List;

/**
 * A provider on the test classpath (registered in META-INF/services) that has no platform fake,
 * as a new provider module might before its fake lands: the demo lists it as skipped.
 */
public final class ProviderWithoutFake implements ComputeProvider {
  static final String TYPE = "compute.example.nofake";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public List<MetadataField> metadataFields() {
    return List.of();
  }

  @Override
  public Compute create(ComputeContext context) {
    throw new UnsupportedOperationException("the demo must not create a provider it cannot fake");
  }
}
