package dev.daprcompute.aws.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import dev.daprcompute.api.ComputeUnavailableException.Reason;
import dev.daprcompute.api.spi.PlatformResponse.PlatformError;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Lambda's own errors, read from {@code x-amzn-ErrorType} (or the body's {@code __type}) and the
 * body's {@code Message} or {@code message} (the casing differs by exception), and the function
 * errors Lambda reports with {@code X-Amz-Function-Error}.
 *
 * <p>Messages are cut to their first sentence line and scrubbed: an
 * {@code InvalidSignatureException} can echo the canonical request with the session token, and
 * nothing token-like may reach a log or an exception.
 */
final class LambdaErrors {
  private LambdaErrors() {}

  /** Refusals of the caller's credentials or permissions. */
  private static final Set<String> CREDENTIALS = Set.of("AccessDeniedException", "InvalidSignatureException",
      "UnrecognizedClientException", "IncompleteSignatureException", "MissingAuthenticationTokenException",
      "ExpiredTokenException", "InvalidClientTokenId", "SignatureDoesNotMatch", "AccessDenied");
  private static final int MAX_MESSAGE = 300;
  private static final int MAX_SCANNED = 2048;
  private static final Pattern SECURITY_TOKEN = Pattern.compile("(?i)(x-amz-security-token\\s*[:=]\\s*)\\S+");
  private static final Pattern AUTH_PARTS = Pattern.compile("(?i)\\b(Credential|Signature|SignedHeaders)=[^,\\s']+");
  private static final Pattern BEARER = Pattern.compile("(?i)bearer\\s+\\S+");
  private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
  /**
   * A long run of base64 characters with a digit in it: a session token, a secret, a signature
   * (and not a long exception or reason name, which has no digits).
   */
  private static final Pattern LONG_TOKEN = Pattern.compile("(?=[A-Za-z+/=_-]*[0-9])[A-Za-z0-9+/=_-]{48,}");

  /**
   * The service error in a reply Lambda (or the Function URL front end) wrote, or {@code null}
   * when it carries no error type.
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
    String code = clean(colon >= 0 ? type.substring(0, colon) : type); // a header: as untrusted as the body
    String message = "";
    if (json != null) {
      JsonNode text = json.has("Message") ? json.get("Message") : json.get("message");
      message = text != null && text.isTextual() ? clean(text.asText()) : "";
      if (json.path("Reason").isTextual()) {
        message = message + (message.isEmpty() ? "" : " ") + "(Reason " + clean(json.path("Reason").asText()) + ")";
      }
    }
    return new PlatformError(reason(code, status), code, message.isEmpty() ? "no message" : message);
  }

  /**
   * The crash Lambda reported with {@code X-Amz-Function-Error}: the body is the runtime's error
   * object ({@code errorType}, {@code errorMessage}); never the function's answer.
   */
  static PlatformError functionError(String header, byte[] body) {
    JsonNode json = parse(body);
    String type = clean(json != null && json.path("errorType").isTextual() ? json.path("errorType").asText() : header);
    String message = json != null && json.path("errorMessage").isTextual() ? clean(json.path("errorMessage").asText()) : "";
    return new PlatformError(Reason.FUNCTION_CRASHED, type.isEmpty() ? "Unhandled" : type,
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
    if (code.startsWith("EFSMountTimeout") || code.equals("SnapStartTimeoutException") || code.endsWith("MountTimeoutException")) {
      return Reason.TIMEOUT;
    }
    if (status == 401 || status == 403 || status == 404) {
      // Another error with these statuses comes from the function's environment (an EFS mount
      // refused, say): it is about neither our credentials nor the function's existence.
      return Reason.PLATFORM_ERROR;
    }
    return null; // by status: 429 throttled, 408 and 504 timeouts, the rest platform errors
  }

  /**
   * {@code message} made safe for logs: its first line, token-like parts removed, at most
   * {@value #MAX_MESSAGE} characters.
   */
  static String clean(String message) {
    String text = message;
    int newline = indexOfLineBreak(text);
    if (newline >= 0) {
      text = text.substring(0, newline);
    }
    int canonical = text.indexOf("The Canonical String");
    if (canonical >= 0) {
      text = text.substring(0, canonical);
    }
    if (text.length() > MAX_SCANNED) {
      // The patterns below take quadratic time on long runs ("eyJeyJ...": 11 s for 50,000 characters), and
      // only the start is shown anyway. The cut never keeps the head of a token it went through.
      int cut = MAX_SCANNED;
      while (cut > 0 && isTokenCharacter(text.charAt(cut - 1))) {
        cut--;
      }
      text = text.substring(0, cut);
    }
    text = SECURITY_TOKEN.matcher(text).replaceAll("$1[redacted]");
    text = AUTH_PARTS.matcher(text).replaceAll("$1=[redacted]");
    text = BEARER.matcher(text).replaceAll("[redacted]");
    text = JWT.matcher(text).replaceAll("[redacted]");
    text = LONG_TOKEN.matcher(text).replaceAll("[redacted]");
    text = text.strip();
    return text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "..." : text;
  }

  /** A short, clean excerpt of a body that is not a Lambda error, for messages. */
  static String excerpt(byte[] body) {
    if (body.length == 0) {
      return "an empty body";
    }
    String text = new String(body, 0, Math.min(body.length, 2048), StandardCharsets.UTF_8);
    String cleaned = clean(text.replaceAll("\\s+", " "));
    return cleaned.length() > 160 ? cleaned.substring(0, 160) + "..." : cleaned;
  }

  private static boolean isTokenCharacter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "+/=_.-".indexOf(c) >= 0;
  }

  private static int indexOfLineBreak(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        return i;
      }
    }
    return -1;
  }

  private static @Nullable JsonNode parse(byte[] body) {
    if (body.length == 0 || !Json.startsObject(body)) {
      return null;
    }
    try {
      JsonNode node = Json.MAPPER.readTree(body);
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** The value of {@code X-Amz-Function-Error} (any value means the function failed), or null. */
  static @Nullable String functionErrorHeader(Metadata headers) {
    return headers.first("x-amz-function-error").map(v -> v.isBlank() ? "Unhandled" : v.strip()).orElse(null);
  }
}
