package dev.daprcompute.api.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daprcompute.protocol.fuzz.Contract;
import dev.daprcompute.protocol.fuzz.Fuzz;
import dev.daprcompute.protocol.fuzz.Gen;
import dev.daprcompute.protocol.fuzz.Strings;
import dev.daprcompute.protocol.internal.ByteSize;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Durations in Go's syntax and sizes in Kubernetes' suffixes, from any text. */
@DisplayName("durations and sizes: any text ends in a value or a clear error")
class DurationAndSizePropertiesTest {
  private static final List<String> DURATION_WORDS =
      List.of(
          "0",
          "1",
          "5",
          "10",
          "00",
          ".",
          "5.",
          ".5",
          "1.5",
          "9223372036854775807",
          "9223372036854775808",
          "18446744073709551616",
          "2562047",
          "47",
          "16.854775807",
          "16.854775808",
          "0.000000001",
          "h",
          "m",
          "s",
          "ms",
          "us",
          "\u00b5s",
          "\u03bcs",
          "ns",
          "-",
          "+",
          " ",
          "e",
          "1e3",
          "S",
          "H",
          "d");

  private static final Gen<String> FORMATTED =
      Gen.longs(0, Long.MAX_VALUE).map(n -> GoDuration.format(Duration.ofNanos(n)));

  private static final Gen<String> DURATIONS =
      Gen.rarely(
          Gen.oneOf(
              Strings.tokens(DURATION_WORDS, 7),
              Strings.tokens(DURATION_WORDS, 7),
              Strings.any(16),
              Strings.mutate(FORMATTED, DURATION_WORDS),
              Strings.mutate(FORMATTED, DURATION_WORDS)),
          Strings.longRuns(List.of("5", "1s", "1.", "0", ".5", "9", "5m"))
              .map(s -> s.substring(0, s.length() - 1) + "s"),
          40);

  @Test
  @DisplayName(
      "GoDuration accepts exactly what Go's time.ParseDuration accepts, with the same value")
  void goDurationIsGo() {
    Fuzz.forAll(
        2_000,
        DURATIONS,
        text -> {
          Optional<GoDurationOracle.Parsed> go = GoDurationOracle.parse(text.trim());
          Contract.Ending<Duration> ours =
              Contract.resultOr(
                  IllegalArgumentException.class, Set.of(), () -> GoDuration.parse(text));
          if (go.isEmpty()) {
            assertThat(ours.returned()).as("Go rejects %s", text).isFalse();
            assertThat(ours.error()).hasMessageContaining("is not a duration");
          } else {
            assertThat(ours.returned()).as("Go accepts %s", text).isTrue();
            long difference =
                BigInteger.valueOf(ours.get().toNanos())
                    .subtract(BigInteger.valueOf(go.get().nanos()))
                    .abs()
                    .longValueExact();
            assertThat(difference)
                .as("nanoseconds off for %s", text)
                .isLessThanOrEqualTo(go.get().fractions());
          }
        });
  }

  @Test
  @DisplayName("GoDuration.format writes what GoDuration.parse reads back")
  void formatParsesBack() {
    Fuzz.forAll(
        1_000,
        Gen.oneOf(
            Gen.longs(0, Long.MAX_VALUE),
            Gen.longs(0, 4_000_000_000L),
            Gen.longs(0, 10_000).map(ms -> ms * 1_000_000)),
        nanos -> {
          Duration duration = Duration.ofNanos(nanos);
          assertThat(GoDuration.parse(GoDuration.format(duration))).isEqualTo(duration);
        });
  }

  @Test
  @DisplayName(
      "ByteSize reads digits and a known suffix, exactly, and rejects everything else with the text and the fix")
  void byteSize() {
    List<String> words =
        List.of(
            "0",
            "1",
            "4",
            "1024",
            "9223372036854775807",
            "9223372036854775808",
            "Ki",
            "Mi",
            "Gi",
            "k",
            "K",
            "M",
            "G",
            "B",
            "Ti",
            "KiB",
            " ",
            "-",
            ".",
            "e",
            "i");
    Gen<String> sizes =
        Gen.rarely(
            Gen.oneOf(Strings.tokens(words, 4), Strings.any(12)),
            Strings.longRuns(List.of("9", "4Mi", "0", " ")),
            40);
    Fuzz.forAll(
        1_000,
        sizes,
        text -> {
          Contract.Ending<Long> size =
              Contract.resultOr(
                  IllegalArgumentException.class, Set.of(), () -> ByteSize.parse(text));
          java.util.regex.Matcher m =
              java.util.regex.Pattern.compile("(\\d+)\\s*(Ki|Mi|Gi|k|K|M|G|B)?")
                  .matcher(text.trim());
          if (!m.matches()) {
            assertThat(size.returned()).as("'%s' is not a size", text).isFalse();
            assertThat(size.error())
                .hasMessageContaining("is not a size")
                .hasMessageContaining("such as 4Mi");
            return;
          }
          long factor =
              switch (m.group(2) == null ? "B" : m.group(2)) {
                case "Ki" -> 1L << 10;
                case "Mi" -> 1L << 20;
                case "Gi" -> 1L << 30;
                case "k", "K" -> 1_000;
                case "M" -> 1_000_000;
                case "G" -> 1_000_000_000;
                default -> 1;
              };
          String digits = m.group(1).replaceFirst("^0+(?=.)", "");
          BigInteger exact =
              digits.length() > 20
                  ? BigInteger.ONE.shiftLeft(64)
                  : new BigInteger(digits).multiply(BigInteger.valueOf(factor));
          if (exact.bitLength() > 63) {
            assertThat(size.error())
                .as("'%s' is too large", text)
                .hasMessageContaining("too large");
          } else {
            assertThat(size.get()).isEqualTo(exact.longValueExact());
          }
        });
  }
}
