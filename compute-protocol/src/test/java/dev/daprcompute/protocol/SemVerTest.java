package dev.daprcompute.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SemVerTest {

  /** semver.org section 11, in ascending precedence. */
  private static final List<String> SEMVER_ORG_ORDER =
      List.of(
          "1.0.0-alpha",
          "1.0.0-alpha.1",
          "1.0.0-alpha.beta",
          "1.0.0-beta",
          "1.0.0-beta.2",
          "1.0.0-beta.11",
          "1.0.0-rc.1",
          "1.0.0",
          "2.0.0",
          "2.1.0",
          "2.1.1");

  @Test
  void each_semver_org_example_precedes_the_next() {
    for (int i = 0; i + 1 < SEMVER_ORG_ORDER.size(); i++) {
      SemVer lower = SemVer.parse(SEMVER_ORG_ORDER.get(i));
      SemVer higher = SemVer.parse(SEMVER_ORG_ORDER.get(i + 1));
      assertThat(lower).as("%s < %s", lower, higher).isLessThan(higher);
      assertThat(higher).as("%s > %s", higher, lower).isGreaterThan(lower);
    }
  }

  @Test
  void sorting_shuffled_examples_gives_semver_org_order() {
    List<SemVer> versions = new ArrayList<>(SEMVER_ORG_ORDER.stream().map(SemVer::parse).toList());
    Collections.shuffle(versions, new Random(42));

    Collections.sort(versions);

    assertThat(versions).extracting(SemVer::toString).containsExactlyElementsOf(SEMVER_ORG_ORDER);
  }

  @ParameterizedTest(name = "''{0}'' = {1}.{2}.{3} ''{4}''")
  @CsvSource({
    "1.2.3, 1, 2, 3, ''",
    "v1.2, 1, 2, 0, ''",
    "2, 2, 0, 0, ''",
    "1.0.0-rc.1, 1, 0, 0, rc.1",
    "1.0.0+build.5, 1, 0, 0, ''",
    "1.0.0-alpha+001, 1, 0, 0, alpha",
    "' 10.20.30 ', 10, 20, 30, ''"
  })
  void parses_versions(String text, int major, int minor, int patch, String preRelease) {
    assertThat(SemVer.parse(text)).isEqualTo(new SemVer(major, minor, patch, preRelease));
  }

  @Test
  void build_metadata_does_not_change_precedence() {
    assertThat(SemVer.parse("1.0.0+20130313144700"))
        .isEqualByComparingTo(SemVer.parse("1.0.0+exp.sha.5114f85"));
  }

  @Test
  void numeric_identifiers_compare_as_numbers_even_when_large() {
    assertThat(SemVer.parse("1.0.0-99999999999999999999")).isGreaterThan(SemVer.parse("1.0.0-9"));
    assertThat(SemVer.parse("1.0.0-10")).isGreaterThan(SemVer.parse("1.0.0-9"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "x",
        "1.2.3.4",
        "1.0.0-",
        "1..0",
        "1.0.0-alpha..1",
        "1.0.0-.alpha",
        "1.0.0-alpha.",
        "1.0.0+"
      })
  void rejects_what_is_not_a_version(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SemVer.parse(text))
        .withMessageContaining("not a semantic version");
  }

  @Test
  void to_string_writes_the_full_version_without_build_metadata() {
    assertThat(SemVer.parse("v2.1+b")).hasToString("2.1.0");
    assertThat(SemVer.parse("1.0.0-rc.1+b")).hasToString("1.0.0-rc.1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2147483648.0.0", "1.99999999999", "1.2.2147483648-rc.1"})
  void a_number_beyond_an_int_is_not_a_version(String text) {
    // Found by SemVerPropertiesTest: this was a NumberFormatException saying only 'For input
    // string'.
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SemVer.parse(text))
        .withMessageContaining("'" + text + "' is not a semantic version")
        .withMessageContaining("2147483647");
  }

  @Test
  void a_long_text_is_not_a_version_and_does_not_overflow_the_stack() {
    // Found by SemVerPropertiesTest: a long pre-release (as a function's info document may hold)
    // threw
    // StackOverflowError from the regular expression.
    String text = "1.0.0-" + "rc.1-".repeat(5_000) + "rc";
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SemVer.parse(text))
        .withMessageContaining("is not a semantic version")
        .withMessageContaining("longer than 256 characters");
  }
}
