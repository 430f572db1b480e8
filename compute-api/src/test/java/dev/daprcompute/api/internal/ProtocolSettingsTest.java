package dev.daprcompute.api.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ComputeConfigurationException;
import dev.daprcompute.api.token.SigningKey;
import org.junit.jupiter.api.Test;

class ProtocolSettingsTest {
  private static final String KEY = SigningKey.generateEd25519().privateKeyPem();

  @Test
  void a_minVersion_from_a_secret_that_is_no_version_is_not_shown() {
    // Found by ComponentSettingsPropertiesTest: SemVer's message, with the value, went into the
    // problem.
    ComponentMetadata metadata =
        ComponentMetadata.builder("orders", "compute.http")
            .putSecret("key", KEY)
            .putSecret("minVersion", "s3cret-token-value!")
            .build();
    ComputeConfigurationException e =
        catchThrowableOfType(
            ComputeConfigurationException.class, () -> ProtocolSettings.from(metadata));
    assertThat(e.getMessage())
        .contains("metadata 'minVersion'")
        .contains("not a semantic version")
        .doesNotContain("s3cret-token-value");
  }

  @Test
  void a_minVersion_written_in_the_component_is_shown() {
    ComponentMetadata metadata =
        ComponentMetadata.builder("orders", "compute.http")
            .putSecret("key", KEY)
            .put("minVersion", "one.two")
            .build();
    ComputeConfigurationException e =
        catchThrowableOfType(
            ComputeConfigurationException.class, () -> ProtocolSettings.from(metadata));
    assertThat(e.getMessage()).contains("'one.two' is not a semantic version");
  }
}
