package dev.daprcompute.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PlatformFakesTest {
  private static final Map<String, Class<? extends PlatformFake>> FAKES =
      Map.of(
          "compute.http", HttpPlatformFake.class,
          "compute.aws.lambda", AwsLambdaFake.class,
          "compute.azure.functions", AzureFunctionsFake.class,
          "compute.openfaas", OpenFaasFake.class,
          "compute.cloudflare.workers", CloudflareWorkersFake.class);

  @Test
  @DisplayName("the plain-HTTP fake is found by component type and starts in front of a function")
  void findsTheHttpFake() {
    assertThat(PlatformFakes.all())
        .extracting(PlatformFakeFactory::componentType)
        .contains("compute.http");
    PlatformFakeFactory factory = PlatformFakes.forType("compute.http").orElseThrow();
    try (PlatformFake fake = factory.start(ReferenceFunction.create("a"))) {
      assertThat(fake).isInstanceOf(HttpPlatformFake.class);
      assertThat(fake.componentType()).isEqualTo("compute.http");
    }
    assertThat(PlatformFakes.forType("compute.nowhere")).isEmpty();
  }

  @Test
  @DisplayName(
      "every platform's fake is registered, sorted by component type, and each starts the right fake in front of the function")
  void findsEveryFake() {
    assertThat(PlatformFakes.all())
        .extracting(PlatformFakeFactory::componentType)
        .containsExactly(
            "compute.aws.lambda",
            "compute.azure.functions",
            "compute.cloudflare.workers",
            "compute.http",
            "compute.openfaas");
    FAKES.forEach(
        (type, fakeClass) -> {
          ReferenceFunction function = ReferenceFunction.create("aud-" + type);
          try (PlatformFake fake = PlatformFakes.forType(type).orElseThrow().start(function)) {
            assertThat(fake).isInstanceOf(fakeClass);
            assertThat(fake.componentType()).isEqualTo(type);
            assertThat(fake.function()).isSameAs(function);
            assertThat(fake.component("c").build().type()).isEqualTo(type);
          }
        });
  }
}
