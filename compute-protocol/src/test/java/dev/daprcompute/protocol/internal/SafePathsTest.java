package dev.daprcompute.protocol.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SafePathsTest {

  @ParameterizedTest(name = "''{0}'' -> ''{1}''")
  @CsvSource(
      delimiter = '|',
      value = {
        "orders/42      | /orders/42",
        "/orders/42     | /orders/42",
        "/a//b/         | /a/b",
        "a/./b          | /a/b",
        "a/../b         | /b",
        "a/b/..         | /a",
        "./a            | /a",
        "a/b/../../c    | /c",
        "''             | /",
        "/              | /",
        "//             | /",
        ".              | /",
        "a/%2e/b        | /a/b",
        "a/%2e%2e/b     | /b",
        "...            | /...",
        "a..b/c         | /a..b/c"
      })
  void normalises_like_go_path_clean_with_a_leading_slash(String method, String expected) {
    assertThat(SafePaths.normalize(method)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "..",
        "/..",
        "../etc/passwd",
        "a/../..",
        "a/../../b",
        "%2e%2e",
        "%2E%2e/x",
        "a/%2e%2E/%2E%2E",
        ".%2e",
        "%2e."
      })
  void climbing_above_the_base_url_is_rejected(String method) {
    assertThatThrownBy(() -> SafePaths.normalize(method))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("climbs above")
        .hasMessageContaining("'..'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\rb", "a\nb", "a\u0000b", "orders\r\nX-Injected: 1"})
  void control_characters_are_rejected_and_shown_escaped(String method) {
    assertThatThrownBy(() -> SafePaths.normalize(method))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("control character")
        .hasMessageNotContaining("\r")
        .hasMessageNotContaining("\n")
        .hasMessageContaining("\\x");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\\b", "..\\..\\windows"})
  void a_backslash_is_rejected(String method) {
    assertThatThrownBy(() -> SafePaths.normalize(method))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("backslash");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a%2fb", "a%2Fb", "%2e%2e%2fetc", "a%5cb", "a%5Cb", "a%00b"})
  void encoded_separators_and_nul_are_rejected(String method) {
    assertThatThrownBy(() -> SafePaths.normalize(method))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("encoded");
  }

  @ParameterizedTest(name = "''{0}'' -> ''{1}''")
  @CsvSource(
      delimiter = '|',
      value = {
        "my order       | /my%20order",
        "a?b            | /a%3Fb",
        "a#b            | /a%23b",
        "café           | /caf%C3%A9",
        "日本            | /%E6%97%A5%E6%9C%AC",
        "😀             | /%F0%9F%98%80",
        "a%20b          | /a%20b",
        "a%C3%a9        | /a%C3%A9",
        "100%           | /100%25",
        "a%zzb          | /a%25zzb",
        "a%2            | /a%252",
        "a\"b<c>        | /a%22b%3Cc%3E",
        "-._~!$&'()*+,;=:@ | /-._~!$&'()*+,;=:@"
      })
  void encodes_what_cannot_stand_in_a_path_segment_and_keeps_valid_escapes(
      String method, String expected) {
    assertThat(SafePaths.normalize(method)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "''{0}'' -> ''{1}''")
  @CsvSource(
      delimiter = '|',
      value = {
        "%41            | /A",
        "%6frders       | /orders",
        "%6Frders       | /orders",
        "a%2Db%2eC%5f%7e%30 | /a-b.C_~0",
        "a%3ab          | /a%3Ab",
        "a%3Ab          | /a%3Ab",
        "a%40b%3d%26    | /a%40b%3D%26",
        "a%20b%c3%a9    | /a%20b%C3%A9",
        "%2541          | /%2541",
        "%252f          | /%252f",
        "a/%2E%2E/b     | /b",
        "a/%2e/b        | /a/b"
      })
  void percent_encoding_takes_one_normal_form_rfc_3986_6_2_2(String method, String expected) {
    // Unreserved characters decoded, hex digits upper case, reserved and other escapes kept:
    // a front end that re-encodes must not turn a route into another path.
    assertThat(SafePaths.normalize(method)).isEqualTo(expected);
  }

  @Test
  void equivalent_spellings_of_a_route_have_one_normal_form() {
    assertThat(
            java.util.stream.Stream.of(
                    "/orders/new",
                    "/%6Frders/new",
                    "/%6frders/%6E%65%77",
                    "orders//new/",
                    "/orders/./new")
                .map(SafePaths::normalize)
                .distinct())
        .containsExactly("/orders/new");
    assertThat(SafePaths.normalize("/a%2a"))
        .isEqualTo(SafePaths.normalize("/a%2A"))
        .isNotEqualTo(SafePaths.normalize("/a*"));
  }

  @Test
  void normalising_twice_changes_nothing() {
    // "\ud800." is a lone surrogate before a dot: the dot must stay itself, not become the %2E of
    // an encoded pair that the next pass decodes (found by HeaderAndPathPropertiesTest).
    for (String method :
        new String[] {
          "a b/./c%/ü?/../d", "%41%2541%3a%7e", "%c3%a9/x%2Dy", "\ud800.", "a\udc00b"
        }) {
      String once = SafePaths.normalize(method);

      assertThat(SafePaths.normalize(once)).as(method).isEqualTo(once);
    }
  }

  @Test
  void a_query_loses_its_leading_question_mark_and_is_otherwise_kept() {
    assertThat(SafePaths.query("?a=1&b=2")).isEqualTo("a=1&b=2");
    assertThat(SafePaths.query("a=1&b=%20x")).isEqualTo("a=1&b=%20x");
    assertThat(SafePaths.query("")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"a=1\r\nX: y", "a=1\n", "a=\u0000", "a=1#frag"})
  void a_query_with_cr_lf_nul_or_a_fragment_is_rejected(String query) {
    assertThatThrownBy(() -> SafePaths.query(query))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("%23");
  }

  @Test
  void printable_escapes_control_characters_and_shortens_long_text() {
    assertThat(SafePaths.printable("a\r\nb\u007f")).isEqualTo("a\\x0d\\x0ab\\x7f");
    // Found by RouterPropertiesTest: NEL and the Unicode separators broke the function's log lines.
    assertThat(SafePaths.printable("a\u0085b\u2028c\u2029d")).isEqualTo("a\\x85b\\u2028c\\u2029d");
    assertThat(SafePaths.printable("x".repeat(500))).hasSize(203).endsWith("...");
  }

  @Test
  @DisplayName(
      "a lone surrogate is sent as U+FFFD, and the normal form stays a fixed point (found by a property)")
  void loneSurrogates() {
    assertThat(SafePaths.normalize("\ud800.")).isEqualTo("/%EF%BF%BD.");
    assertThat(SafePaths.normalize(SafePaths.normalize("\ud800."))).isEqualTo("/%EF%BF%BD.");
    assertThat(SafePaths.normalize("a\udc00b")).isEqualTo("/a%EF%BF%BDb");
    assertThat(SafePaths.normalize("\ud83d\ude00")).isEqualTo("/%F0%9F%98%80");
  }
}
