package dev.daprcompute.cli;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** Waiting for a {@code Compute} call. */
final class Calls {
  private Calls() {}

  /**
   * The call's result; its failure (a {@code ComputeException}) is thrown as it is, not wrapped.
   * Interrupting the wait cancels the call.
   */
  static <T> T await(CompletableFuture<T> call) throws InterruptedException {
    try {
      return call.get();
    } catch (InterruptedException e) {
      call.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = Failures.unwrap(e);
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(cause);
    }
  }
}
