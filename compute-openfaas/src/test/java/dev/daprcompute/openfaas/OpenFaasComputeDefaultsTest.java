package dev.daprcompute.openfaas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daprcompute.api.ComponentMetadata;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("compute.openfaas defaults: timeout 2m and initTimeout 150s, for scale from zero")
class OpenFaasComputeDefaultsTest {

  private static ComponentMetadata.Builder component() {
    return ComponentMetadata.builder("orders", OpenFaasComputeProvider.TYPE).source("components/orders.yaml", 3)
        .put("gateway", "https://gateway.example.com", false, 8)
        .put("functionName", "orders-fn", false, 9)
        .put("basicAuthPassword", "pw", true, 11);
  }

  @Test
  @DisplayName("unset timeout and Dapr's default initTimeout get the provider's defaults; every field keeps value, secrecy and line")
  void defaultsApplied() {
    ComponentMetadata original = component().ignoreErrors(true).version("v1").build();
    ComponentMetadata effective = OpenFaasCompute.withDefaults(original);
    assertThat(effective.duration("timeout")).contains(Duration.ofMinutes(2));
    assertThat(effective.initTimeout()).isEqualTo(Duration.ofSeconds(150));
    assertThat(effective.name()).isEqualTo("orders");
    assertThat(effective.type()).isEqualTo(OpenFaasComputeProvider.TYPE);
    assertThat(effective.ignoreErrors()).isTrue();
    assertThat(effective.file()).contains("components/orders.yaml");
    assertThat(effective.componentProblem("m", "f").line()).isEqualTo(3);
    assertThat(effective.requireString("gateway")).isEqualTo("https://gateway.example.com");
    assertThat(effective.problem("functionName", "m", "f").line()).isEqualTo(9);
    assertThat(effective.isSecret("basicAuthPassword")).isTrue();
    assertThat(effective.problem("basicAuthPassword", "m", "f").line()).isEqualTo(11);
    assertThat(effective.secret("basicAuthPassword").orElseThrow().reveal()).isEqualTo("pw");
  }

  @Test
  @DisplayName("what the component sets is kept: a timeout, an initTimeout other than 5s")
  void explicitValuesKept() {
    ComponentMetadata both = component().put("timeout", "10s").initTimeout(Duration.ofSeconds(7)).build();
    assertThat(OpenFaasCompute.withDefaults(both)).isSameAs(both);
    ComponentMetadata timeoutOnly = OpenFaasCompute.withDefaults(component().put("timeout", "10s").build());
    assertThat(timeoutOnly.duration("timeout")).contains(Duration.ofSeconds(10));
    assertThat(timeoutOnly.initTimeout()).isEqualTo(Duration.ofSeconds(150));
    ComponentMetadata initOnly = OpenFaasCompute.withDefaults(component().initTimeout(Duration.ofSeconds(7)).build());
    assertThat(initOnly.initTimeout()).isEqualTo(Duration.ofSeconds(7));
    assertThat(initOnly.duration("timeout")).contains(Duration.ofMinutes(2));
  }
}
