package dev.daprcompute.cloudflare.workers;

import dev.daprcompute.api.ComputeUnavailableException.Reason;
import dev.daprcompute.api.spi.PlatformResponse.PlatformError;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Cloudflare's own answers on a worker's host, which are never the function's: the edge's error
 * pages ({@code error code: 1101} as text, or an HTML page titled {@code Error 1101 | ...}), its
 * {@code 524} timeout, and the jump worker's unmarked {@code 502} when the user's worker cannot
 * answer. Thread-safe; stateless.
 */
final class ErrorPages {
  private ErrorPages() {}

  /** Cloudflare's own timeout status: the origin (here the worker) did not answer in time. */
  static final int TIMEOUT_STATUS = 524;

  /** How much of a body is searched for an error code: the pages state it near the top. */
  private static final int SEARCHED = 8 * 1024;

  /**
   * {@code error code: 1101}, {@code Error 1101 | ...}, {@code <span>Error</span>
   * <span>1101</span>}.
   */
  private static final Pattern CODE =
      Pattern.compile(
          "(?i)error(?:\\s*code)?\\s*:?\\s*(?:</span>\\s*<span[^>]*>\\s*)?(1\\d{3})\\b");

  private static final Pattern TITLE = Pattern.compile("(?is)<title>(.*?)</title>");

  /**
   * The jump worker's own text when the service binding's fetch throws (jump-worker.js, {@code
   * unreachable}).
   */
  static final String TARGET_UNREACHABLE = "the target worker failed or could not be reached";

  /**
   * The platform error an answer without the function's marker shows, or {@code null} when it shows
   * none that is Cloudflare's (the component then reads it by its status).
   */
  static @Nullable PlatformError read(int status, Metadata headers, Payload body) {
    String text = head(body);
    String code = code(text);
    if (code != null) {
      return switch (code) {
        case "1101" ->
            new PlatformError(
                Reason.FUNCTION_CRASHED,
                "1101",
                "Worker threw exception: the worker threw before it could answer",
                "see its logs with 'wrangler tail'");
        case "1102" ->
            new PlatformError(
                Reason.PLATFORM_ERROR,
                "1102",
                "Worker exceeded resource limits: the worker ran out of CPU time or memory",
                "see its CPU time and memory in the dashboard (Workers & Pages, the worker's Metrics)");
        case "1015" ->
            new PlatformError(
                Reason.THROTTLED,
                "1015",
                "You are being rate limited: Cloudflare's rate limiting rules (or the Free plan's burst limit) refused the"
                    + " request",
                "");
        case "1027" ->
            new PlatformError(
                Reason.THROTTLED,
                "1027",
                "the account's daily request limit for Workers (Free plan) is used up",
                "wait for the daily reset (00:00 UTC), or move the account to Workers Paid");
        default ->
            new PlatformError(
                status == TIMEOUT_STATUS ? Reason.TIMEOUT : null,
                code,
                "Cloudflare error " + code + (title(text).isEmpty() ? "" : ": " + title(text)));
      };
    }
    if (status == TIMEOUT_STATUS) {
      return new PlatformError(
          Reason.TIMEOUT,
          "524",
          "A timeout occurred: Cloudflare gave up waiting for the worker's" + " answer");
    }
    if (status == 502 && text.contains(TARGET_UNREACHABLE)) {
      return new PlatformError(
          Reason.FUNCTION_CRASHED,
          "502",
          "the jump worker's service binding TARGET failed: the"
              + " user's worker threw or cannot be reached",
          "check that targetWorker is deployed, and see its logs with" + " 'wrangler tail'");
    }
    return null;
  }

  /**
   * A short description of an answer that is no API envelope, for messages: its error code or
   * title.
   */
  static String describe(int status, Metadata headers, Payload body) {
    PlatformError error = read(status, headers, body);
    if (error != null) {
      return error.code().equals(Integer.toString(status))
          ? error.message()
          : "error " + error.code() + ": " + error.message();
    }
    String text = head(body);
    String title = title(text);
    if (!title.isEmpty()) {
      return "page '" + title + "'";
    }
    String type = headers.first("content-type").orElse("");
    return body.isEmpty()
        ? "empty body"
        : body.size() + " bytes" + (type.isEmpty() ? "" : " of " + type);
  }

  private static @Nullable String code(String text) {
    Matcher m = CODE.matcher(text);
    return m.find() ? m.group(1) : null;
  }

  private static String title(String text) {
    Matcher m = TITLE.matcher(text);
    if (!m.find()) {
      return "";
    }
    String title = m.group(1).replaceAll("<[^>]*>", "").replaceAll("\\s+", " ").strip();
    return CloudflareApi.clean(title.length() > 120 ? title.substring(0, 120) + "..." : title);
  }

  private static String head(Payload body) {
    return body.toUtf8(SEARCHED);
  }
}
