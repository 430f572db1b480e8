package dev.daprcompute.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daprcompute.protocol.TopicEventStatus;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A function's 2xx answers to topic events and batches, read as daprd reads an app's. */
class TopicReplyTest {

  private static TopicEventStatus read(String body) {
    return WireFormat.readTopicReply(body.getBytes(StandardCharsets.UTF_8)).status();
  }

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @DisplayName("the first JSON value decides, as Go's json.Decoder reads it")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "``                                       | SUCCESS",
        "`   `                                    | SUCCESS",
        "{}                                       | SUCCESS",
        "null                                     | SUCCESS",
        "{\"status\":\"\"}                        | SUCCESS",
        "{\"status\":null}                        | SUCCESS",
        "{\"status\":\"SUCCESS\"}                 | SUCCESS",
        "{\"status\":\"RETRY\"}                   | RETRY",
        "{\"status\":\"DROP\"}                    | DROP",
        "`  {\"status\":\"DROP\"}  `              | DROP",
        "{\"status\":\"RETRY\"} x                 | RETRY",
        "{\"status\":\"DROP\"}{\"status\":\"SUCCESS\"} | DROP",
        "{\"status\":\"SUCCESS\"} {\"status\":\"DROP\"} | SUCCESS",
        "{\"STATUS\":\"DROP\"}                    | DROP",
        "{\"Status\":\"RETRY\"}                   | RETRY",
        "{\"status\":\"DROP\",\"status\":\"SUCCESS\"} | SUCCESS",
        "{\"status\":\"drop\"}                    | RETRY",
        "{\"status\":\"Success\"}                 | RETRY",
        "{\"status\":\"MAYBE\"}                   | RETRY",
        "{\"status\":5}                           | RETRY",
        "{\"status\":[\"DROP\"]}                  | RETRY",
        "{\"status\":\"RETRY\",                   | RETRY",
        "{\"status\":\"DROP\" oops}               | RETRY",
        "\"DROP\"                                 | RETRY",
        "retry later                              | RETRY",
        "ok                                       | SUCCESS",
        "[1,2,3]                                  | SUCCESS",
        "{\"result\":\"done\"}                    | SUCCESS",
        "<html>accepted</html>                    | SUCCESS",
        "{\"nested\":{\"status\":\"DROP\"}}       | SUCCESS"
      })
  void topicReplies(String body, TopicEventStatus expected) {
    assertThat(read(body)).isEqualTo(expected);
  }

  @Test
  @DisplayName("a read that differs from daprd's, or an unknown status, says why")
  void reasons() {
    assertThat(
            WireFormat.readTopicReply("{\"status\":\"drop\"}".getBytes(StandardCharsets.UTF_8))
                .reason())
        .contains("'drop'")
        .contains("upper case");
    assertThat(
            WireFormat.readTopicReply("{\"status\":\"RETRY\",".getBytes(StandardCharsets.UTF_8))
                .reason())
        .contains("names RETRY or DROP");
    assertThat(
            WireFormat.readTopicReply("{\"status\":\"DROP\"}".getBytes(StandardCharsets.UTF_8))
                .reason())
        .isEmpty();
  }

  @Test
  @DisplayName("bulk answers: field names in any case, status values exactly")
  void bulkStatuses() {
    Map<String, String> statuses =
        WireFormat.readBulkStatuses(
            ("{\"Statuses\":[{\"EntryID\":\"a\",\"STATUS\":\"DROP\"},"
                    + "{\"entryId\":\"b\",\"status\":\"drop\"},{\"entryId\":\"c\",\"status\":7}]}")
                .getBytes(StandardCharsets.UTF_8));
    assertThat(statuses)
        .containsExactly(Map.entry("a", "DROP"), Map.entry("b", "drop"), Map.entry("c", ""));
  }
}
