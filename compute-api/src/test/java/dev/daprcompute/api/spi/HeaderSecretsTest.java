package dev.daprcompute.api.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ConfigurationProblem;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Secrets sent as header values are checked when read, and never shown. */
class HeaderSecretsTest {

  private static ComponentMetadata metadata(String value) {
    return ComponentMetadata.builder("orders", "compute.test")
        .putSecret("functionKey", value)
        .build();
  }

  @Test
  @DisplayName(
      "visible ASCII is a key; a space, a line break or non-ASCII is a problem that never shows the value")
  void read() {
    List<ConfigurationProblem> problems = new ArrayList<>();
    assertThat(
            HeaderSecrets.read(metadata("abc-DEF_123=="), "functionKey", "paste it", problems)
                .reveal())
        .isEqualTo("abc-DEF_123==");
    assertThat(
            HeaderSecrets.read(
                ComponentMetadata.builder("o", "t").build(), "functionKey", "paste it", problems))
        .as("not set")
        .isNull();
    assertThat(problems).isEmpty();
    for (String bad : List.of("has a-space", "line\nbreak", "caf\u00e9-key")) {
      List<ConfigurationProblem> found = new ArrayList<>();
      assertThat(HeaderSecrets.read(metadata(bad), "functionKey", "paste it exactly", found))
          .isNull();
      assertThat(found)
          .singleElement()
          .satisfies(
              problem -> {
                assertThat(problem.field()).isEqualTo("metadata 'functionKey'");
                assertThat(problem.fix()).isEqualTo("paste it exactly");
                assertThat(problem.toString()).doesNotContain(bad);
              });
    }
  }
}
