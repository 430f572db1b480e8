package dev.daprcompute.aws.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.daprcompute.api.ComputeUnavailableException.Reason;
import dev.daprcompute.api.spi.PlatformResponse.PlatformError;
import dev.daprcompute.api.spi.Redaction;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import java.io.IOException;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Lambda's own errors, read from {@code x-amzn-ErrorType} (or the body's {@code __type}) and the
 * body's {@code Message} or {@code message} (the casing differs by exception), and the function
 * errors Lambda reports with {@code X-Amz-Function-Error}.
 *
 * <p>Messages are cleaned ({@link Redaction#platformMessage}): an {@code InvalidSignatureException}
 * can echo the canonical request with the session token, and nothing token-like may reach a log or
 * an exception.
 */
final class LambdaErrors {
  /**
   * Reads the Lambda API's own JSON (error bodies, function configurations); nothing more is
   * needed.
   */
  static final ObjectMapper JSON = new ObjectMapper();

  private LambdaErrors() {}

  /** Refusals of the caller's credentials or permissions. */
  private static final Set<String> CREDENTIALS =
      Set.of(
          "AccessDeniedException",
          "InvalidSignatureException",
          "UnrecognizedClientException",
          "IncompleteSignatureException",
          "MissingAuthenticationTokenException",
          "ExpiredTokenException",
          "InvalidClientTokenId",
          "SignatureDoesNotMatch",
          "AccessDenied");

  /**
   * The service error in a reply Lambda (or the Function URL front end) wrote, or {@code null} when
   * it carries no error type.
   *
   * @param status the HTTP status
   * @param headers the reply's headers
   * @param body the reply's body
   */
  static @Nullable PlatformError serviceError(int status, Metadata headers, byte[] body) {
    JsonNode json = parse(body);
    String type = headers.first("x-amzn-errortype").orElse(null);
    if (type == null && json != null && json.path("__type").isTextual()) {
      type = json.path("__type").asText();
      int hash = type.lastIndexOf('#'); // com.amazon.coral.service#UnrecognizedClientException
      type = hash >= 0 ? type.substring(hash + 1) : type;
    }
    if (type == null || type.isBlank()) {
      return null;
    }
    int colon = type.indexOf(':'); // ResourceNotFoundException:http://internal.amazon.com/coral/...
    String code =
        clean(colon >= 0 ? type.substring(0, colon) : type); // a header: as untrusted as the body
    String message = "";
    if (json != null) {
      JsonNode text = json.has("Message") ? json.get("Message") : json.get("message");
      message = text != null && text.isTextual() ? clean(text.asText()) : "";
      if (json.path("Reason").isTextual()) {
        message =
            message
                + (message.isEmpty() ? "" : " ")
                + "(Reason "
                + clean(json.path("Reason").asText())
                + ")";
      }
    }
    return new PlatformError(
        reason(code, status), code, message.isEmpty() ? "no message" : message);
  }

  /**
   * The crash Lambda reported with {@code X-Amz-Function-Error}: the body is the runtime's error
   * object ({@code errorType}, {@code errorMessage}); never the function's answer.
   */
  static PlatformError functionError(String header, byte[] body) {
    JsonNode json = parse(body);
    String type =
        clean(
            json != null && json.path("errorType").isTextual()
                ? json.path("errorType").asText()
                : header);
    String message =
        json != null && json.path("errorMessage").isTextual()
            ? clean(json.path("errorMessage").asText())
            : "";
    return new PlatformError(
        Reason.FUNCTION_CRASHED,
        type.isEmpty() ? "Unhandled" : type,
        "X-Amz-Function-Error " + clean(header) + (message.isEmpty() ? "" : ": " + message));
  }

  /** What the caller can do about error {@code code}; null to classify by status. */
  static @Nullable Reason reason(String code, int status) {
    if (code.equals("ResourceNotFoundException")) {
      return Reason.NOT_DEPLOYED;
    }
    if (CREDENTIALS.contains(code)) {
      return Reason.PLATFORM_CREDENTIALS;
    }
    if (code.equals("TooManyRequestsException") || code.equals("ThrottlingException")) {
      return Reason.THROTTLED;
    }
    if (code.startsWith("EFSMountTimeout")
        || code.equals("SnapStartTimeoutException")
        || code.endsWith("MountTimeoutException")) {
      return Reason.TIMEOUT;
    }
    if (status == 401 || status == 403 || status == 404) {
      // Another error with these statuses comes from the function's environment (an EFS mount
      // refused, say): it is about neither our credentials nor the function's existence.
      return Reason.PLATFORM_ERROR;
    }
    return null; // by status: 429 throttled, 408 and 504 timeouts, the rest platform errors
  }

  /** A platform's text as messages may show it. */
  private static String clean(String text) {
    return Redaction.platformMessage(text);
  }

  private static @Nullable JsonNode parse(byte[] body) {
    if (body.length == 0) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(body);
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * A Function URL's own error in a reply without the function's marker: Lambda's error type, or a
   * bare {@code 502}, which a Function URL answers when the function crashed, timed out or returned
   * an invalid response.
   */
  static @Nullable PlatformError ofFunctionUrl(int status, Metadata headers, Payload body) {
    PlatformError error = serviceError(status, headers, body.unsafeArray());
    if (error == null && status == 502) {
      error =
          new PlatformError(
              Reason.FUNCTION_CRASHED,
              "Internal Server Error",
              "the function crashed, timed out or returned an invalid response");
    }
    return error;
  }

  /** The value of {@code X-Amz-Function-Error} (any value means the function failed), or null. */
  static @Nullable String functionErrorHeader(Metadata headers) {
    return headers
        .first("x-amz-function-error")
        .map(v -> v.isBlank() ? "Unhandled" : v.strip())
        .orElse(null);
  }
}
