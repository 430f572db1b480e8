package dev.daprcompute.cli;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a long-running command must release however it ends: normally, on an error, or on Ctrl-C (a
 * shutdown hook). Resources close in reverse order of {@link #add}, each at most once; failures to
 * close are ignored, as nothing more can be done at exit. Thread-safe.
 */
final class Cleanup implements AutoCloseable {
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private final Thread hook = new Thread(this::closeAll, "dapr-compute-cleanup");
  private boolean closed;

  Cleanup() {
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Registers {@code resource}; closes it at once when cleanup has already run. */
  <T extends AutoCloseable> T add(T resource) {
    synchronized (this) {
      if (!closed) {
        resources.push(resource);
        return resource;
      }
    }
    closeQuietly(resource);
    throw new IllegalStateException("shutting down");
  }

  /** Makes a resource. */
  @FunctionalInterface
  interface Opener<T> {
    T open() throws Exception;
  }

  /**
   * Makes and registers a resource in one step that cleanup waits for: a resource outside the
   * process (files) is never left behind by a shutdown between making and registering it.
   */
  <T extends AutoCloseable> T open(Opener<T> opener) throws Exception {
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("shutting down");
      }
      T resource = opener.open();
      resources.push(resource);
      return resource;
    }
  }

  /** Closes {@code resource} now, if it is still registered. */
  void release(AutoCloseable resource) {
    boolean registered;
    synchronized (this) {
      registered = resources.remove(resource);
    }
    if (registered) {
      closeQuietly(resource);
    }
  }

  @Override
  public void close() {
    closeAll();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the JVM is exiting: the hook runs, finds nothing left, and returns
    }
  }

  private void closeAll() {
    while (true) {
      AutoCloseable next;
      synchronized (this) {
        closed = true;
        next = resources.poll();
      }
      if (next == null) {
        return;
      }
      closeQuietly(next);
    }
  }

  private static void closeQuietly(AutoCloseable resource) {
    try {
      resource.close();
    } catch (Exception e) {
      // best effort: the process is ending or the resource is already gone
    }
  }
}
