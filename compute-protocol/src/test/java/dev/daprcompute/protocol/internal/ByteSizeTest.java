package dev.daprcompute.protocol.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizeTest {

  @ParameterizedTest(name = "''{0}'' = {1}")
  @CsvSource({
    "4194304, 4194304",
    "4Mi, 4194304",
    "4M, 4000000",
    "1Ki, 1024",
    "1k, 1000",
    "1K, 1000",
    "2Gi, 2147483648",
    "6G, 6000000000",
    "512B, 512",
    "0, 0",
    "' 4Mi ', 4194304"
  })
  void parses_bytes_and_kubernetes_suffixes(String text, long bytes) {
    assertThat(ByteSize.parse(text)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "Mi",
        "4MB",
        "4mi",
        "-1",
        "1.5Mi",
        "4 M i",
        "four",
        "99999999999999999999",
        "9999999999Gi"
      })
  void rejects_anything_else_naming_the_text_and_the_accepted_forms(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ByteSize.parse(text))
        .withMessageContaining("'" + text + "' is not a size")
        .withMessageContaining("4Mi");
  }

  @ParameterizedTest(name = "{0} -> ''{1}''")
  @CsvSource({
    "4194304, 4 MiB",
    "2048, 2 KiB",
    "1536, 1536 bytes",
    "0, 0 bytes",
    "1, 1 bytes",
    "6291456, 6 MiB"
  })
  void formats_readably(long bytes, String expected) {
    assertThat(ByteSize.format(bytes)).isEqualTo(expected);
  }
}
