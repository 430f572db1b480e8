package dev.daprcompute.api.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * A point in time by which something must be done, on the monotonic clock ({@link
 * System#nanoTime()}): immune to the wall clock being set. Immutable and thread-safe.
 */
public final class Deadline {
  private final long nanoTime;

  private Deadline(long nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** The deadline {@code timeout} from now; a negative timeout is one that has passed. */
  public static Deadline after(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout == null");
    return new Deadline(System.nanoTime() + saturatedNanos(timeout));
  }

  /** The time left, {@link Duration#ZERO} once it has passed. */
  public Duration remaining() {
    long left = nanoTime - System.nanoTime();
    return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
  }

  /** Whether it has passed. */
  public boolean hasPassed() {
    return nanoTime - System.nanoTime() <= 0;
  }

  /** This deadline, or {@code timeout} from now when that comes first. */
  public Deadline atMost(Duration timeout) {
    Deadline other = after(timeout);
    return other.nanoTime - nanoTime < 0 ? other : this;
  }

  /**
   * The deadline as {@link System#nanoTime()} reads it then, for code that counts in nanoseconds.
   */
  public long nanoTime() {
    return nanoTime;
  }

  private static long saturatedNanos(Duration timeout) {
    try {
      return timeout.toNanos();
    } catch (ArithmeticException tooLong) {
      return timeout.isNegative()
          ? Long.MIN_VALUE / 2
          : Long.MAX_VALUE / 2; // about 146 years either way
    }
  }

  @Override
  public String toString() {
    return "Deadline[" + remaining().toMillis() + " ms left]";
  }
}
