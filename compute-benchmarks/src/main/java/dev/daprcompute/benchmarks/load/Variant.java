package dev.daprcompute.benchmarks.load;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One way of making the call a scenario measures: asynchronous (a future that completes when the
 * whole answer has been read) or blocking (returns when it has). Each call checks its answer, so a
 * variant that fails fast cannot look fast.
 */
public final class Variant {

  /** Starts one call. */
  @FunctionalInterface
  public interface AsyncCall {
    CompletableFuture<?> start() throws Exception;
  }

  /** Makes one call and returns when its answer has been read. */
  @FunctionalInterface
  public interface BlockingCall {
    void run() throws Exception;
  }

  private final String name;
  private final @Nullable AsyncCall async;
  private final @Nullable BlockingCall blocking;

  private Variant(String name, @Nullable AsyncCall async, @Nullable BlockingCall blocking) {
    this.name = Objects.requireNonNull(name, "name == null");
    this.async = async;
    this.blocking = blocking;
  }

  public static Variant async(String name, AsyncCall call) {
    return new Variant(name, Objects.requireNonNull(call, "call == null"), null);
  }

  public static Variant blocking(String name, BlockingCall call) {
    return new Variant(name, null, Objects.requireNonNull(call, "call == null"));
  }

  public String name() {
    return name;
  }

  public boolean isBlocking() {
    return blocking != null;
  }

  @Nullable AsyncCall asyncCall() {
    return async;
  }

  @Nullable BlockingCall blockingCall() {
    return blocking;
  }

  /** One call, waited for (at most a minute); what it throws is the call's failure. */
  public void once() throws Exception {
    if (blocking != null) {
      blocking.run();
    } else {
      Objects.requireNonNull(async).start().get(60, TimeUnit.SECONDS);
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
