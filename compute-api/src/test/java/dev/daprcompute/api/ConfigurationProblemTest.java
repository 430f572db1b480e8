package dev.daprcompute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigurationProblemTest {

  @Test
  void everything_known() {
    assertThat(
            new ConfigurationProblem(
                "components/fn.yaml",
                12,
                "fn",
                "metadata.endpoint",
                "is not a URL",
                "write https://..."))
        .hasToString(
            "components/fn.yaml:12: component 'fn', metadata.endpoint: is not a URL. Fix: write https://...");
  }

  @Test
  void a_file_without_a_line() {
    assertThat(new ConfigurationProblem("fn.yaml", 0, "fn", "spec.type", "is empty", "set it"))
        .hasToString("fn.yaml: component 'fn', spec.type: is empty. Fix: set it");
  }

  @Test
  void a_component_without_a_field() {
    assertThat(new ConfigurationProblem("fn.yaml", 4, "fn", null, "init failed", ""))
        .hasToString("fn.yaml:4: component 'fn': init failed");
  }

  @Test
  void a_field_without_a_component_or_file() {
    assertThat(ConfigurationProblem.of(null, "spec.type", "no provider", "add the jar"))
        .hasToString("spec.type: no provider. Fix: add the jar");
  }

  @Test
  void only_a_message() {
    assertThat(ConfigurationProblem.of(null, null, "something is wrong", ""))
        .hasToString("something is wrong");
  }

  @Test
  void at_locates_a_problem_in_a_file() {
    ConfigurationProblem located =
        ConfigurationProblem.of("fn", "metadata.key", "is empty", "set it").at("fn.yaml", 9);

    assertThat(located)
        .hasToString("fn.yaml:9: component 'fn', metadata.key: is empty. Fix: set it");
  }

  @Test
  void the_exception_lists_one_problem_as_its_message_and_several_one_per_line() {
    ConfigurationProblem a = ConfigurationProblem.of("fn", "metadata.a", "bad", "fix a");
    ConfigurationProblem b = ConfigurationProblem.of("fn", "metadata.b", "worse", "");

    assertThat(new ComputeConfigurationException(a)).hasMessage(a.toString());
    assertThat(new ComputeConfigurationException(List.of(a, b)))
        .hasMessage("2 configuration problems:\n  - " + a + "\n  - " + b);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new ComputeConfigurationException(List.of()));
  }
}
