package dev.daprcompute.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daprcompute.protocol.fuzz.Contract;
import dev.daprcompute.protocol.fuzz.Fuzz;
import dev.daprcompute.protocol.fuzz.Gen;
import dev.daprcompute.protocol.fuzz.Strings;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Versions as a function's info document and a component's minVersion give them. */
@DisplayName(
    "versions: any text ends in a version or a clear error, and versions order consistently")
class SemVerPropertiesTest {
  private static final List<String> WORDS =
      List.of(
          "1",
          "0",
          "2",
          "10",
          "v",
          ".",
          "-",
          "+",
          "rc",
          "alpha",
          "99999999999",
          "2147483647",
          "2147483648",
          "00",
          "x",
          " ",
          "-rc.1",
          "+build.5",
          "..",
          "--");

  private static final Gen<String> VERSIONS =
      Gen.rarely(
          Gen.oneOf(
              Strings.tokens(WORDS, 8),
              Strings.tokens(WORDS, 8),
              Strings.any(12),
              Strings.mutate(
                  Gen.elementOf(List.of("1.2.3", "1.0.0-alpha.1", "2.0.0-rc.1+build.5", "v1.2")),
                  WORDS)),
          Strings.longRuns(List.of("1", "1.", "9", "-rc.1", "a.")).map(s -> "1.0.0-" + s),
          40);

  @Test
  @DisplayName("SemVer.parse ends in a version or says the text is not a semantic version")
  void parse() {
    Fuzz.forAll(
        1_500,
        VERSIONS,
        text -> {
          Contract.Ending<SemVer> version =
              Contract.resultOr(IllegalArgumentException.class, Set.of(), () -> SemVer.parse(text));
          if (version.returned()) {
            assertThat(SemVer.parse(version.get().toString()).compareTo(version.get())).isZero();
          } else {
            assertThat(version.error()).hasMessageContaining("is not a semantic version");
          }
        });
  }

  @Test
  @DisplayName("compareTo is a consistent order on any two versions")
  void order() {
    Gen<String> number = Gen.elementOf(List.of("0", "1", "2", "10", "2147483647"));
    Gen<String> identifier =
        Gen.elementOf(
            List.of(
                "0",
                "1",
                "2",
                "11",
                "99999999999999999999",
                "alpha",
                "beta",
                "rc",
                "a-b",
                "0a",
                "Z"));
    Gen<String> preRelease =
        Gen.lists(identifier, 0, 4).map(ids -> ids.isEmpty() ? "" : "-" + String.join(".", ids));
    Gen<SemVer> versions =
        Gen.zip(
            Gen.zip(number, number, (a, b) -> a + "." + b),
            Gen.zip(number, preRelease, (c, p) -> "." + c + p),
            (a, b) -> SemVer.parse(a + b));
    Fuzz.forAll(
        1_000,
        Gen.zip(versions, versions, List::of),
        pair -> {
          SemVer a = pair.get(0);
          SemVer b = pair.get(1);
          assertThat(Integer.signum(a.compareTo(b))).isEqualTo(-Integer.signum(b.compareTo(a)));
          assertThat(a.compareTo(a)).isZero();
        });
  }
}
