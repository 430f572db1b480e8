package dev.daprcompute.aws.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daprcompute.api.ComputeUnavailableException.Reason;
import dev.daprcompute.api.spi.PlatformResponse.PlatformError;
import dev.daprcompute.protocol.Metadata;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Lambda's error shapes, each with the message casing Lambda uses for it. */
class LambdaErrorsTest {
  private static final String TOKEN =
      "IQoJb3JpZ2luX2VjEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmx"
          + "fpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSX";

  private static PlatformError decode(int status, String errorType, String body) {
    Metadata headers =
        errorType.isEmpty()
            ? Metadata.of("content-type", "application/json")
            : Metadata.of("x-amzn-ErrorType", errorType, "content-type", "application/json");
    return LambdaErrors.serviceError(status, headers, body.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "{1} ({0}, key {2})")
  @DisplayName(
      "each exception is decoded from x-amzn-ErrorType and Message or message, with what the caller can do")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      404 | ResourceNotFoundException  | Message | Function not found: arn:aws:lambda:us-east-1:123456789012:function:f | NOT_DEPLOYED
      403 | AccessDeniedException      | Message | User: arn:aws:iam::123456789012:user/u is not authorized to perform: lambda:InvokeFunction | PLATFORM_CREDENTIALS
      403 | UnrecognizedClientException | message | The security token included in the request is invalid. | PLATFORM_CREDENTIALS
      403 | InvalidSignatureException  | message | Signature expired: 20150830T123600Z is now earlier than 20150830T124100Z | PLATFORM_CREDENTIALS
      429 | TooManyRequestsException   | message | Rate Exceeded. | THROTTLED
      500 | ServiceException           | Message | An error occurred and the request cannot be processed. |
      502 | ResourceNotReadyException  | message | Functions may not be invoked in their Inactive state. |
      502 | KMSAccessDeniedException   | Message | Lambda was unable to decrypt the environment variables. |
      409 | ResourceConflictException  | message | The operation cannot be performed at this time. |
      413 | RequestTooLargeException   | message | Request must be smaller than 6291456 bytes |
      403 | EFSMountFailureException   | Message | The function could not mount the EFS file system | PLATFORM_ERROR
      408 | EFSMountTimeoutException   | Message | The function timed out mounting the EFS file system | TIMEOUT
      """)
  void decodesEachShape(int status, String exception, String key, String message, String reason) {
    PlatformError error =
        decode(
            status,
            exception + ":http://internal.amazon.com/coral/com.amazonaws.awslambda/",
            "{\"Type\":\"User\",\"" + key + "\":\"" + message + "\"}");
    assertThat(error).isNotNull();
    assertThat(error.code()).isEqualTo(exception);
    assertThat(error.message()).isEqualTo(message);
    assertThat(error.reason()).isEqualTo(reason == null ? null : Reason.valueOf(reason));
  }

  @Test
  @DisplayName("the message is read in either casing, and TooManyRequests keeps its Reason")
  void eitherCasing() {
    assertThat(decode(404, "ResourceNotFoundException", "{\"message\":\"lower\"}").message())
        .isEqualTo("lower");
    assertThat(decode(404, "ResourceNotFoundException", "{\"Message\":\"upper\"}").message())
        .isEqualTo("upper");
    assertThat(
            decode(
                    429,
                    "TooManyRequestsException",
                    "{\"Reason\":\"ReservedFunctionConcurrentInvocationLimitExceeded\",\"Type\":\"User\",\"message\":\"Rate Exceeded.\"}")
                .message())
        .isEqualTo("Rate Exceeded. (Reason ReservedFunctionConcurrentInvocationLimitExceeded)");
    assertThat(decode(500, "ServiceException", "not json").message()).isEqualTo("no message");
  }

  @Test
  @DisplayName(
      "without x-amzn-ErrorType the body's __type is read; without either there is no service error")
  void typeFallback() {
    PlatformError error =
        decode(
            403,
            "",
            "{\"__type\":\"com.amazon.coral.service#UnrecognizedClientException\","
                + "\"message\":\"The security token included in the request is invalid.\"}");
    assertThat(error.code()).isEqualTo("UnrecognizedClientException");
    assertThat(error.reason()).isEqualTo(Reason.PLATFORM_CREDENTIALS);
    assertThat(decode(502, "", "{\"message\":\"Bad Gateway\"}")).isNull();
  }

  @Test
  @DisplayName(
      "an InvalidSignatureException echoing the canonical request keeps its first line only: no session token")
  void signatureEchoIsCut() {
    String echo =
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret"
            + " Access Key and signing method.\\n\\nThe Canonical String for this request should have been\\n'POST\\n/2015-03-31/"
            + "functions/f/invocations\\n\\nhost:lambda.us-east-1.amazonaws.com\\nx-amz-security-token:"
            + TOKEN
            + "\\n'";
    PlatformError error =
        decode(403, "InvalidSignatureException", "{\"message\":\"" + echo + "\"}");
    assertThat(error.message())
        .startsWith("The request signature we calculated does not match")
        .doesNotContain(TOKEN)
        .doesNotContain(TOKEN.substring(0, 30))
        .doesNotContain("Canonical");
  }

  @Test
  @DisplayName("X-Amz-Function-Error is a crash with the runtime's errorType and errorMessage")
  void functionError() {
    PlatformError error =
        LambdaErrors.functionError(
            "Unhandled",
            ("{\"errorType\":\"Sandbox.Timedout\",\"errorMessage\":"
                    + "\"RequestId: 1 Error: Task timed out after 3.00 seconds\"}")
                .getBytes(StandardCharsets.UTF_8));
    assertThat(error.reason()).isEqualTo(Reason.FUNCTION_CRASHED);
    assertThat(error.code()).isEqualTo("Sandbox.Timedout");
    assertThat(error.message()).contains("Task timed out after 3.00 seconds").contains("Unhandled");
    PlatformError bare = LambdaErrors.functionError("Handled", new byte[0]);
    assertThat(bare.code()).isEqualTo("Handled");
    assertThat(bare.reason()).isEqualTo(Reason.FUNCTION_CRASHED);
  }

  @Test
  @DisplayName("a long message is cleaned in linear time, and a token cut at its end is left out")
  void longMessages() {
    // Found by LambdaPropertiesTest: the token patterns took quadratic time, so a function's crash
    // message of 50,000 characters such as "eyJeyJ..." held the component for 11 s (200,000: 3
    // minutes).
    String message = "boom " + "eyJ".repeat(70_000);
    PlatformError error =
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
            java.time.Duration.ofSeconds(5),
            () ->
                LambdaErrors.functionError(
                    "Unhandled",
                    ("{\"errorType\":\"E\",\"errorMessage\":\"" + message + "\"}")
                        .getBytes(StandardCharsets.UTF_8)));
    assertThat(error.message()).isEqualTo("X-Amz-Function-Error Unhandled: boom");
  }

  @Test
  @DisplayName("a credential in the error type header is not shown either")
  void credentialInTheErrorType() {
    // Found by LambdaPropertiesTest: x-amzn-ErrorType and X-Amz-Function-Error were used as they
    // came.
    PlatformError service =
        LambdaErrors.serviceError(
            403, Metadata.of("x-amzn-ErrorType", "Signature=" + TOKEN), new byte[0]);
    PlatformError crash = LambdaErrors.functionError("X-Amz-Security-Token: " + TOKEN, new byte[0]);

    assertThat(service.code()).doesNotContain(TOKEN.substring(0, 20));
    assertThat(crash.code()).doesNotContain(TOKEN.substring(0, 20));
    assertThat(crash.message()).doesNotContain(TOKEN.substring(0, 20));
  }
}
