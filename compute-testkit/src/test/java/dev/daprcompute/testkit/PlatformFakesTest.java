package dev.daprcompute.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PlatformFakesTest {
  @Test
  @DisplayName("the plain-HTTP fake is found by component type and starts in front of a function")
  void findsTheHttpFake() {
    assertThat(PlatformFakes.all()).extracting(PlatformFakeFactory::componentType).contains("compute.http");
    PlatformFakeFactory factory = PlatformFakes.forType("compute.http").orElseThrow();
    try (PlatformFake fake = factory.start(ReferenceFunction.create("a"))) {
      assertThat(fake).isInstanceOf(HttpPlatformFake.class);
      assertThat(fake.componentType()).isEqualTo("compute.http");
    }
    assertThat(PlatformFakes.forType("compute.nowhere")).isEmpty();
  }
}
