package dev.daprcompute.openfaas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ComputeProvider;
import dev.daprcompute.api.ComputeProviders;
import dev.daprcompute.api.MetadataField;
import dev.daprcompute.api.token.SigningKey;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName(
    "compute.openfaas as a platform: found on the classpath, its fields, its defaults, its audience")
class OpenFaasPlatformProviderTest {
  private static final SigningKey KEY = SigningKey.generateEd25519();

  private static ComputeProvider loaded() {
    return ComputeProviders.load().select(OpenFaasPlatformProvider.TYPE, "v1");
  }

  private static ComponentMetadata.Builder component() {
    return ComponentMetadata.builder("orders", OpenFaasPlatformProvider.TYPE)
        .put("gateway", "https://gateway.example.com")
        .put("functionName", "orders-fn")
        .putSecret("key", KEY.privateKeyPem());
  }

  @Test
  @DisplayName(
      "ServiceLoader finds it (META-INF/services/...PlatformProvider), with its own fields and the common ones")
  void foundOnTheClasspath() {
    ComputeProvider provider = loaded();
    assertThat(provider.toString()).contains(OpenFaasPlatformProvider.class.getName());
    assertThat(provider.metadataFields())
        .extracting(MetadataField::name)
        .contains(
            "gateway",
            "functionName",
            "namespace",
            "basicAuthUser",
            "basicAuthPassword",
            "topicAnnotationPubsub",
            "asyncBindings",
            "caCertificate",
            "allowInsecureHttp",
            "key",
            "audience",
            "timeout",
            "maxConcurrency");
    assertThat(provider.metadataFields())
        .filteredOn(field -> field.name().equals("basicAuthPassword"))
        .singleElement()
        .satisfies(field -> assertThat(field.secret()).isTrue());
  }

  @Test
  @DisplayName(
      "the default audience is the bare functionName, with or without a namespace; audience wins")
  void audience() {
    assertThat(loaded().audience(component().build())).isEqualTo("orders-fn");
    assertThat(loaded().audience(component().put("namespace", "shop").build()))
        .isEqualTo("orders-fn");
    assertThat(loaded().audience(component().put("audience", "orders-aud").build()))
        .isEqualTo("orders-aud");
  }

  @Test
  @DisplayName(
      "timeout 2m and initTimeout 150s by default, for scale from zero; the timeout field says so")
  void timeoutDefaults() {
    assertThat(new OpenFaasPlatformProvider().timeoutDefaults().timeout())
        .isEqualTo(Duration.ofMinutes(2));
    assertThat(new OpenFaasPlatformProvider().timeoutDefaults().initTimeout())
        .isEqualTo(Duration.ofSeconds(150));
    assertThat(loaded().metadataFields())
        .filteredOn(field -> field.name().equals("timeout"))
        .singleElement()
        .satisfies(
            field -> assertThat(field.description()).contains("default 2m").contains("100 s"));
  }
}
