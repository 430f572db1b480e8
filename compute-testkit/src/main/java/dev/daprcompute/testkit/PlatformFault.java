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

  /** The platform's gateway times out waiting for the function (504, or 502 where the platform says so). */
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
