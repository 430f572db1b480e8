package dev.daprcompute.bridge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("HTTP status to gRPC code, as daprd maps it")
class StatusCodesTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "200, OK",
    "201, OK",
    "204, OK",
    "299, OK",
    "400, INTERNAL",
    "401, UNAUTHENTICATED",
    "403, PERMISSION_DENIED",
    "404, NOT_FOUND",
    "408, CANCELLED",
    "409, ALREADY_EXISTS",
    "429, RESOURCE_EXHAUSTED",
    "500, UNKNOWN",
    "501, UNIMPLEMENTED",
    "503, UNAVAILABLE",
    "504, DEADLINE_EXCEEDED",
    "502, UNKNOWN",
    "405, UNKNOWN",
    "418, UNKNOWN",
    "100, UNKNOWN",
    "301, UNKNOWN",
    "300, UNKNOWN"
  })
  @DisplayName("follows CodeFromHTTPStatus, and anything it does not name is UNKNOWN")
  void codes(int status, Status.Code code) {
    assertThat(StatusCodes.codeFromHttpStatus(status)).isEqualTo(code);
  }

  @Test
  @DisplayName("uses Go's status texts, and none for a status Go does not know")
  void texts() {
    assertThat(StatusCodes.statusText(404)).isEqualTo("Not Found");
    assertThat(StatusCodes.statusText(413)).isEqualTo("Request Entity Too Large");
    assertThat(StatusCodes.statusText(599)).isEmpty();
  }
}
