package dev.daprcompute.bridge.internal;

import io.grpc.Status;
import java.util.Map;

/** HTTP statuses as daprd turns them into gRPC codes and status texts. Thread-safe. */
public final class StatusCodes {
  private StatusCodes() {}

  /** Go's {@code http.StatusText}, which daprd uses as the message of a mapped error. */
  private static final Map<Integer, String> TEXT =
      Map.ofEntries(
          Map.entry(100, "Continue"),
          Map.entry(101, "Switching Protocols"),
          Map.entry(102, "Processing"),
          Map.entry(103, "Early Hints"),
          Map.entry(200, "OK"),
          Map.entry(201, "Created"),
          Map.entry(202, "Accepted"),
          Map.entry(203, "Non-Authoritative Information"),
          Map.entry(204, "No Content"),
          Map.entry(205, "Reset Content"),
          Map.entry(206, "Partial Content"),
          Map.entry(207, "Multi-Status"),
          Map.entry(208, "Already Reported"),
          Map.entry(226, "IM Used"),
          Map.entry(300, "Multiple Choices"),
          Map.entry(301, "Moved Permanently"),
          Map.entry(302, "Found"),
          Map.entry(303, "See Other"),
          Map.entry(304, "Not Modified"),
          Map.entry(305, "Use Proxy"),
          Map.entry(307, "Temporary Redirect"),
          Map.entry(308, "Permanent Redirect"),
          Map.entry(400, "Bad Request"),
          Map.entry(401, "Unauthorized"),
          Map.entry(402, "Payment Required"),
          Map.entry(403, "Forbidden"),
          Map.entry(404, "Not Found"),
          Map.entry(405, "Method Not Allowed"),
          Map.entry(406, "Not Acceptable"),
          Map.entry(407, "Proxy Authentication Required"),
          Map.entry(408, "Request Timeout"),
          Map.entry(409, "Conflict"),
          Map.entry(410, "Gone"),
          Map.entry(411, "Length Required"),
          Map.entry(412, "Precondition Failed"),
          Map.entry(413, "Request Entity Too Large"),
          Map.entry(414, "Request URI Too Long"),
          Map.entry(415, "Unsupported Media Type"),
          Map.entry(416, "Requested Range Not Satisfiable"),
          Map.entry(417, "Expectation Failed"),
          Map.entry(418, "I'm a teapot"),
          Map.entry(421, "Misdirected Request"),
          Map.entry(422, "Unprocessable Entity"),
          Map.entry(423, "Locked"),
          Map.entry(424, "Failed Dependency"),
          Map.entry(425, "Too Early"),
          Map.entry(426, "Upgrade Required"),
          Map.entry(428, "Precondition Required"),
          Map.entry(429, "Too Many Requests"),
          Map.entry(431, "Request Header Fields Too Large"),
          Map.entry(451, "Unavailable For Legal Reasons"),
          Map.entry(500, "Internal Server Error"),
          Map.entry(501, "Not Implemented"),
          Map.entry(502, "Bad Gateway"),
          Map.entry(503, "Service Unavailable"),
          Map.entry(504, "Gateway Timeout"),
          Map.entry(505, "HTTP Version Not Supported"),
          Map.entry(506, "Variant Also Negotiates"),
          Map.entry(507, "Insufficient Storage"),
          Map.entry(508, "Loop Detected"),
          Map.entry(510, "Not Extended"),
          Map.entry(511, "Network Authentication Required"));

  /**
   * The gRPC code daprd gives an HTTP status ({@code CodeFromHTTPStatus} in dapr/dapr {@code
   * pkg/messaging/v1/util.go}): 2xx OK; 400 INTERNAL; 401 UNAUTHENTICATED; 403 PERMISSION_DENIED;
   * 404 NOT_FOUND; 408 CANCELLED; 409 ALREADY_EXISTS; 429 RESOURCE_EXHAUSTED; 500 UNKNOWN; 501
   * UNIMPLEMENTED; 503 UNAVAILABLE; 504 DEADLINE_EXCEEDED; anything else UNKNOWN.
   */
  public static Status.Code codeFromHttpStatus(int status) {
    return switch (status) {
      case 408 -> Status.Code.CANCELLED;
      case 500 -> Status.Code.UNKNOWN;
      case 400 -> Status.Code.INTERNAL;
      case 504 -> Status.Code.DEADLINE_EXCEEDED;
      case 404 -> Status.Code.NOT_FOUND;
      case 409 -> Status.Code.ALREADY_EXISTS;
      case 403 -> Status.Code.PERMISSION_DENIED;
      case 401 -> Status.Code.UNAUTHENTICATED;
      case 429 -> Status.Code.RESOURCE_EXHAUSTED;
      case 501 -> Status.Code.UNIMPLEMENTED;
      case 503 -> Status.Code.UNAVAILABLE;
      default -> status >= 200 && status < 300 ? Status.Code.OK : Status.Code.UNKNOWN;
    };
  }

  /** Go's {@code http.StatusText}: {@code Not Found} for 404; empty for an unknown status. */
  public static String statusText(int status) {
    return TEXT.getOrDefault(status, "");
  }
}
