package dev.daprcompute.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * A failure of the platform in front of a function, in the platform's words rather than HTTP's.
 * Each {@link PlatformFake} answers a fault the way its platform does (Azure's empty 401, Lambda's
 * {@code x-amzn-ErrorType} errors, Cloudflare's envelope, OpenFaaS's text), so a provider is tested
 * against what it will really meet.
 */
public sealed interface PlatformFault {

  /** The platform does not know the function (its 404). */
  static PlatformFault notFound() {
    return new NotFound();
  }

  /** The platform refuses the platform credential (its 401). */
  static PlatformFault unauthorized() {
    return new Unauthorized();
  }

  /** The platform knows the credential but forbids the call (its 403). */
  static PlatformFault forbidden() {
    return new Forbidden();
  }

  /** The platform throttles and asks the caller to wait {@code retryAfter} (its 429). */
  static PlatformFault throttled(Duration retryAfter) {
    return new Throttled(retryAfter);
  }

  /** The platform fails inside itself (its 500). */
  static PlatformFault serverError() {
    return new ServerError();
  }

  /** A cold start the platform gives up on: it waits {@code delay}, then answers 503. */
  static PlatformFault coldStart(Duration delay) {
    return new ColdStart(delay);
  }

  /**
   * The platform's gateway times out waiting for the function (504, or 502 where the platform says
   * so).
   */
  static PlatformFault gatewayTimeout() {
    return new GatewayTimeout();
  }

  /** The connection is reset before any answer. */
  static PlatformFault connectionReset() {
    return new ConnectionReset();
  }

  /** The platform answers 200 with a body that is neither the function's answer nor JSON. */
  static PlatformFault malformedBody() {
    return new MalformedBody();
  }

  /**
   * The platform (or a front end before it) redirects the call to {@code location} with a 3xx
   * {@code status}; a component must never follow it.
   */
  static PlatformFault redirect(int status, String location) {
    return new Redirect(status, location);
  }

  /** The platform answers 503 with {@code Retry-After} in whole seconds (0 included). */
  static PlatformFault unavailable(Duration retryAfter) {
    return new Unavailable(retryAfter);
  }

  /**
   * The platform answers on its own, without the function's marker, although the body may look like
   * a function's answer ({@code {"status":"DROP"}}, say).
   */
  static PlatformFault unmarkedAnswer(int status, String contentType, String body) {
    return new UnmarkedAnswer(status, contentType, body);
  }

  /**
   * The answer starts (a 200 status line and headers) and the connection breaks inside its body.
   */
  static PlatformFault brokenResponse() {
    return new BrokenResponse();
  }

  /** The connection closes without any answer. */
  static PlatformFault emptyResponse() {
    return new EmptyResponse();
  }

  /**
   * The function answers after {@code delay} (a slow function or a slow platform): its own answer,
   * intact, late.
   */
  static PlatformFault slowAnswer(Duration delay) {
    return new SlowAnswer(delay);
  }

  /**
   * The function runs and its answer starts to arrive (status line and headers, its marker and a
   * {@code Content-Length} of its whole body), but the connection closes after the first {@code
   * keptBytes} bytes of the body (at least one byte is always missing): a marked answer that must
   * not be read, an empty body (which would read as SUCCESS) least of all.
   */
  static PlatformFault truncatedAnswer(int keptBytes) {
    return new TruncatedAnswer(keptBytes);
  }

  /**
   * The platform hands the call to the function, which runs and answers, and then answers the
   * caller with {@code fault} instead: the function's work is done but its answer is lost.
   */
  static PlatformFault afterTheFunction(PlatformFault fault) {
    return new AfterTheFunction(fault);
  }

  /** A 3xx redirect. */
  record Redirect(int status, String location) implements PlatformFault {
    public Redirect {
      if (status < 300 || status > 399) {
        throw new IllegalArgumentException("a redirect is 3xx, was " + status);
      }
      Objects.requireNonNull(location, "location == null");
    }
  }

  /** A 503 with {@code Retry-After}. */
  record Unavailable(Duration retryAfter) implements PlatformFault {
    public Unavailable {
      Objects.requireNonNull(retryAfter, "retryAfter == null");
    }
  }

  /** An answer that is the platform's, not the function's. */
  record UnmarkedAnswer(int status, String contentType, String body) implements PlatformFault {
    public UnmarkedAnswer {
      Objects.requireNonNull(contentType, "contentType == null");
      Objects.requireNonNull(body, "body == null");
    }
  }

  /** A connection broken inside the answer's body. */
  record BrokenResponse() implements PlatformFault {}

  /** A connection closed without an answer. */
  record EmptyResponse() implements PlatformFault {}

  /** The function's own answer, late. */
  record SlowAnswer(Duration delay) implements PlatformFault {
    public SlowAnswer {
      Objects.requireNonNull(delay, "delay == null");
    }
  }

  /** The function's own answer, cut short inside its body. */
  record TruncatedAnswer(int keptBytes) implements PlatformFault {
    public TruncatedAnswer {
      if (keptBytes < 0) {
        throw new IllegalArgumentException("keptBytes must be 0 or more, was " + keptBytes);
      }
    }
  }

  /** The function ran; then the platform failed with {@code fault}. */
  record AfterTheFunction(PlatformFault fault) implements PlatformFault {
    public AfterTheFunction {
      Objects.requireNonNull(fault, "fault == null");
      if (fault instanceof AfterTheFunction
          || fault instanceof SlowAnswer
          || fault instanceof TruncatedAnswer) {
        throw new IllegalArgumentException(
            "afterTheFunction takes a failure of the platform, was " + fault);
      }
    }
  }

  /** The platform's 404. */
  record NotFound() implements PlatformFault {}

  /** The platform's 401. */
  record Unauthorized() implements PlatformFault {}

  /** The platform's 403. */
  record Forbidden() implements PlatformFault {}

  /** The platform's 429 with {@code Retry-After}. */
  record Throttled(Duration retryAfter) implements PlatformFault {
    public Throttled {
      Objects.requireNonNull(retryAfter, "retryAfter == null");
    }
  }

  /** The platform's 500. */
  record ServerError() implements PlatformFault {}

  /** A delay, then the platform's 503. */
  record ColdStart(Duration delay) implements PlatformFault {
    public ColdStart {
      Objects.requireNonNull(delay, "delay == null");
    }
  }

  /** The platform's gateway timeout. */
  record GatewayTimeout() implements PlatformFault {}

  /** A reset connection. */
  record ConnectionReset() implements PlatformFault {}

  /** A 200 with garbage. */
  record MalformedBody() implements PlatformFault {}
}
