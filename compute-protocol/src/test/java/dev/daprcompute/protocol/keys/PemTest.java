package dev.daprcompute.protocol.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName(
    "Pem.Block: a value whose bytes nobody else can change, and whose text never shows them")
class PemTest {
  private static final byte[] DER = {0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b};

  private static final String TEXT =
      "-----BEGIN PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
          + Base64.getEncoder().encodeToString(DER)
          + "\n-----END PRIVATE KEY-----\n";

  @Test
  @DisplayName("two blocks read from the same text are equal, with equal hash codes")
  void equalByValue() {
    Pem.Block first = Pem.parse(TEXT, "the test key").get(0);
    Pem.Block second = Pem.parse(TEXT, "the test key").get(0);

    assertThat(first).isEqualTo(second).hasSameHashCodeAs(second);
    assertThat(first).isNotEqualTo(new Pem.Block("PRIVATE KEY", first.headers(), new byte[] {1}));
    assertThat(first.headers()).containsEntry("Proc-Type", "4,ENCRYPTED");
  }

  @Test
  @DisplayName("the bytes are copied in and out: changing either copy leaves the block as it was")
  void bytesCannotBeChanged() {
    byte[] given = DER.clone();
    Pem.Block block = new Pem.Block("PRIVATE KEY", java.util.Map.of(), given);

    given[0] = 0;
    block.der()[1] = 0;

    assertThat(block.der()).isEqualTo(DER);
    assertThat(Pem.parse(block.text(), "the test key")).isEqualTo(List.of(block));
  }

  @Test
  @DisplayName("toString names the label and the size, never the bytes")
  void toStringShowsNoBytes() {
    Pem.Block block = Pem.parse(TEXT, "the test key").get(0);

    assertThat(block.toString())
        .isEqualTo("Pem.Block[PRIVATE KEY, 10 bytes]")
        .doesNotContain(Base64.getEncoder().encodeToString(DER));
  }
}
