package dev.daprcompute.api.spi;

import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.api.ComputeUnavailableException.Reason;
import dev.daprcompute.api.internal.HttpClients;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Payload;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * The rules for a platform's own answers, shared by the component's deliveries and by transports
 * that call their platform themselves (init checks, management APIs): what a status means, how long
 * {@code Retry-After} asks to wait, and one blocking call with a deadline and a bounded read.
 * Thread-safe; stateless.
 */
public final class PlatformCalls {
  private PlatformCalls() {}

  /**
   * What a platform answer without the function's marker means (protocol section 4): the
   * transport's own reading when it has one, else the status: 404 not deployed, 401/403 the
   * platform credential, 429 throttled, 408/504 a timeout, anything else a platform error.
   */
  public static Reason reason(int status, PlatformResponse.@Nullable PlatformError error) {
    if (error != null && error.reason() != null) {
      return error.reason();
    }
    return switch (status) {
      case 404 -> Reason.NOT_DEPLOYED;
      case 401, 403 -> Reason.PLATFORM_CREDENTIALS;
      case 429 -> Reason.THROTTLED;
      case 408, 504 -> Reason.TIMEOUT;
      default -> Reason.PLATFORM_ERROR;
    };
  }

  /**
   * The longest wait {@link #retryAfter} reports: a platform that asks for more is read as asking
   * for a day, which no caller's deadline reaches anyway, and no arithmetic on it can overflow.
   */
  public static final Duration MAX_RETRY_AFTER = Duration.ofDays(1);

  /**
   * How long {@code Retry-After} asks to wait: delta-seconds or an HTTP date (RFC 9110), measured
   * against {@code clock}, at most {@link #MAX_RETRY_AFTER}; null when absent or unreadable.
   */
  public static @Nullable Duration retryAfter(Metadata headers, Clock clock) {
    String value = headers.first("retry-after").orElse(null);
    if (value == null) {
      return null;
    }
    String text = value.trim();
    if (!text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      // delta-seconds: any number of digits; a wait longer than MAX_RETRY_AFTER is read as that.
      return text.length() > 9
          ? MAX_RETRY_AFTER
          : min(Duration.ofSeconds(Long.parseLong(text)), MAX_RETRY_AFTER);
    }
    try {
      Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration wait = Duration.between(clock.instant(), at);
      return wait.isNegative() ? Duration.ZERO : min(wait, MAX_RETRY_AFTER);
    } catch (DateTimeParseException | ArithmeticException notDate) {
      return null;
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /**
   * Sends {@code request} and reads at most {@code maxBytes} of the answer (the rest is dropped),
   * by {@code deadline}; blocks. For a transport's own calls (the function's calls are made for
   * it): the client follows no redirect and never sends a POST twice.
   *
   * @param what the call, for messages, such as {@code the DryRun invoke of function 'f'}
   * @return the platform's answer, whatever its status (word a failure with {@link
   *     PlatformFailures#ofPlatformCall})
   * @throws ComputeUnavailableException on a timeout or a network failure
   */
  public static PlatformResponse execute(
      OkHttpClient client, Request request, Deadline deadline, long maxBytes, String what) {
    return execute(client, request, deadline.remaining(), maxBytes, what);
  }

  /**
   * As {@link #execute(OkHttpClient, Request, Deadline, long, String)}, within {@code timeout} (at
   * least a millisecond).
   *
   * @param what the call, for messages, such as {@code the DryRun invoke of function 'f'}
   * @return the platform's answer, whatever its status (classify it with {@link #reason})
   * @throws ComputeUnavailableException on a timeout or a network failure
   */
  public static PlatformResponse execute(
      OkHttpClient client, Request request, Duration timeout, long maxBytes, String what) {
    OkHttpClient hardened = HttpClients.harden(client);
    if (request.method().equals("POST") || request.method().equals("PATCH")) {
      hardened = hardened.newBuilder().retryOnConnectionFailure(false).build(); // never sent twice
    }
    Call call = hardened.newCall(request);
    call.timeout().timeout(Math.max(timeout.toMillis(), 1), TimeUnit.MILLISECONDS);
    try (Response response = call.execute()) {
      BufferedSource source = response.body().source();
      source.request(maxBytes);
      long size = Math.min(source.getBuffer().size(), maxBytes);
      return PlatformResponse.of(
          response.code(),
          HttpClients.headers(response),
          Payload.wrap(source.getBuffer().readByteArray(size)));
    } catch (IOException e) {
      throw HttpClients.networkFailure(what, e, timeout);
    }
  }
}
