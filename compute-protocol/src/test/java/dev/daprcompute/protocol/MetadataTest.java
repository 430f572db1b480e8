package dev.daprcompute.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetadataTest {

  @Test
  void names_are_case_insensitive_and_stored_in_lower_case() {
    Metadata m = Metadata.of("Content-Type", "text/plain", "X-Trace", "1");

    assertThat(m.first("content-type")).contains("text/plain");
    assertThat(m.first("CONTENT-TYPE")).contains("text/plain");
    assertThat(m.contains("x-TRACE")).isTrue();
    assertThat(m.names()).containsExactly("content-type", "x-trace");
    assertThat(m).isEqualTo(Metadata.of("content-type", "text/plain", "x-trace", "1"));
    assertThat(m.hashCode())
        .isEqualTo(Metadata.of("content-type", "text/plain", "x-trace", "1").hashCode());
  }

  @Test
  void a_name_keeps_every_value_in_order_whatever_case_it_was_added_in() {
    Metadata m =
        Metadata.builder()
            .add("Set-Cookie", "a=1")
            .add("set-cookie", "b=2")
            .add("SET-COOKIE", "c=3")
            .build();

    assertThat(m.all("set-cookie")).containsExactly("a=1", "b=2", "c=3");
    assertThat(m.first("Set-Cookie")).contains("a=1");
    assertThat(m.asSingleValueMap()).containsExactly(Map.entry("set-cookie", "a=1"));
    assertThat(m.asMap()).containsExactly(Map.entry("set-cookie", List.of("a=1", "b=2", "c=3")));
  }

  @Test
  void missing_names_have_no_value() {
    Metadata m = Metadata.empty();

    assertThat(m.first("x")).isEmpty();
    assertThat(m.all("x")).isEmpty();
    assertThat(m.contains("x")).isFalse();
    assertThat(m.isEmpty()).isTrue();
  }

  @Test
  void set_replaces_and_remove_deletes_every_value() {
    Metadata m =
        Metadata.builder()
            .add("a", "1")
            .add("A", "2")
            .add("b", "3")
            .set("A", "9")
            .remove("B")
            .build();

    assertThat(m.asMap()).containsExactly(Map.entry("a", List.of("9")));
  }

  @Test
  void to_builder_and_of_multi_keep_every_value() {
    Metadata m = Metadata.ofMulti(Map.of("X", List.of("1", "2")));

    assertThat(m.toBuilder().add("x", "3").build().all("x")).containsExactly("1", "2", "3");
    assertThat(m.all("x")).containsExactly("1", "2");
  }

  @Test
  void it_is_immutable() {
    Metadata.Builder builder = Metadata.builder().add("a", "1");
    Metadata m = builder.build();
    builder.add("a", "2").add("b", "3");

    assertThat(m.all("a")).containsExactly("1");
    assertThatThrownBy(() -> m.asMap().put("c", List.of()))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> m.all("a").add("x")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> m.asSingleValueMap().put("c", "x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void to_string_shows_names_but_never_values() {
    Metadata m =
        Metadata.of(
            "Authorization", "Bearer FAKE-SECRET-7f3a9c", "x-api-key", "FAKE-SECRET-7f3a9c");

    assertThat(m.toString())
        .contains("authorization", "x-api-key")
        .doesNotContain("FAKE-SECRET-7f3a9c", "Bearer");
  }

  @Test
  void null_names_and_values_are_rejected() {
    assertThatThrownBy(() -> Metadata.builder().add(null, "v"))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Metadata.builder().add("n", null))
        .isInstanceOf(NullPointerException.class);
  }
}
