package dev.daprcompute.api;

/**
 * Hears about {@link Compute#init} while it retries: each attempt that failed on a platform or
 * network failure and will be tried again, with what failed, when the next attempt starts and how
 * much of {@code initTimeout} is left. For a runtime or a command line that shows progress rather
 * than waiting in silence; init's outcome itself is what {@code init} returns or throws.
 *
 * <p>Given to every component through {@link ComputeContext#withInitListener}, since init is
 * usually run by a loader or a runtime rather than by hand; each {@link InitRetry} names its
 * component, so one listener serves them all.
 *
 * <p>Called on the thread running init, between attempts, never while a call is in flight. It must
 * return quickly and should not throw: what it throws is logged and ignored, and init goes on. A
 * listener shared by components that initialise at the same time must be thread-safe.
 */
@FunctionalInterface
public interface InitListener {

  /** Hears nothing. */
  InitListener NONE = attempt -> {};

  /** An attempt failed and init will try again after {@link InitRetry#nextAttemptIn()}. */
  void retrying(InitRetry retry);
}
