package dev.daprcompute.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PayloadTest {

  @Test
  void of_copies_the_array() {
    byte[] bytes = {1, 2, 3};
    Payload payload = Payload.of(bytes);

    bytes[0] = 9;

    assertThat(payload.toByteArray()).containsExactly(1, 2, 3);
  }

  @Test
  void wrap_takes_the_array_without_copying() {
    byte[] bytes = {1, 2, 3};
    Payload payload = Payload.wrap(bytes);

    assertThat(payload.unsafeArray()).isSameAs(bytes);
  }

  @Test
  void to_byte_array_returns_a_copy() {
    Payload payload = Payload.of(new byte[] {1, 2, 3});

    payload.toByteArray()[0] = 9;

    assertThat(payload.toByteArray()).containsExactly(1, 2, 3);
  }

  @Test
  void the_buffer_view_is_read_only() {
    Payload payload = Payload.ofUtf8("abc");

    assertThat(payload.asReadOnlyBuffer().remaining()).isEqualTo(3);
    assertThatThrownBy(() -> payload.asReadOnlyBuffer().put((byte) 1))
        .isInstanceOf(ReadOnlyBufferException.class);
  }

  @Test
  void equality_is_by_content() {
    assertThat(Payload.ofUtf8("abc"))
        .isEqualTo(Payload.of("abc".getBytes(StandardCharsets.UTF_8)))
        .hasSameHashCodeAs(Payload.wrap("abc".getBytes(StandardCharsets.UTF_8)))
        .isNotEqualTo(Payload.ofUtf8("abd"));
    assertThat(Payload.of(new byte[0])).isEqualTo(Payload.empty()).isSameAs(Payload.empty());
    assertThat(Payload.wrap(new byte[0])).isSameAs(Payload.empty());
  }

  @Test
  void text_round_trips_through_utf8_and_size_counts_bytes() throws IOException {
    Payload payload = Payload.ofUtf8("héllo 😀");
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    payload.writeTo(out);

    assertThat(payload.toUtf8()).isEqualTo("héllo 😀");
    assertThat(payload.size()).isEqualTo(11);
    assertThat(out.toByteArray()).isEqualTo(payload.toByteArray());
    assertThat(Payload.empty().isEmpty()).isTrue();
    assertThat(payload.isEmpty()).isFalse();
  }

  @Test
  void to_string_shows_the_size_never_the_content() {
    assertThat(Payload.ofUtf8("FAKE-SECRET-7f3a9c")).hasToString("Payload[18 bytes]");
  }

  @Test
  void utf8_text_is_present_only_for_well_formed_utf8() {
    assertThat(Payload.ofUtf8("héllo").utf8Text()).contains("héllo");
    assertThat(Payload.empty().utf8Text()).hasValue("");
    assertThat(Payload.of(new byte[] {(byte) 0xff, (byte) 0xfe}).utf8Text()).isEmpty();
    assertThat(Payload.of(new byte[] {(byte) 0xc3}).utf8Text())
        .as("a truncated sequence")
        .isEmpty();
  }

  @Test
  void to_utf8_with_a_limit_decodes_only_the_start_and_marks_a_cut_character() {
    Payload payload = Payload.ofUtf8("caf\u00e9 au lait"); // é is 2 bytes: bytes 3 and 4

    assertThat(payload.toUtf8(3)).isEqualTo("caf");
    assertThat(payload.toUtf8(4)).isEqualTo("caf\ufffd");
    assertThat(payload.toUtf8(5)).isEqualTo("caf\u00e9");
    assertThat(payload.toUtf8(1000)).isEqualTo(payload.toUtf8());
    assertThat(Payload.empty().toUtf8(10)).isEmpty();
    assertThatThrownBy(() -> payload.toUtf8(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxBytes");
  }
}
