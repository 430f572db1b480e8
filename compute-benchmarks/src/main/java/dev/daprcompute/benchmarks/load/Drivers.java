package dev.daprcompute.benchmarks.load;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongPredicate;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * The two measurements: a closed loop with N calls in flight (latency percentiles and throughput),
 * and the bytes allocated per call by every thread but the server's.
 */
public final class Drivers {
  private Drivers() {}

  /** How long calls still in flight at the end of a window may take to finish. */
  private static final long DRAIN_SECONDS = 120;

  /**
   * Keeps {@code inFlight} calls of {@code variant} going for {@code nanos}: a blocking variant on
   * {@code inFlight} threads, an asynchronous one by starting the next call where the last one
   * completes (on the client's own thread, as an asynchronous caller does). Records the time of
   * each call that completed inside the window; if none did (a short window on a loaded machine),
   * the first that completes after it closes the window, so every window has a figure. Closed loop:
   * a slow call delays the next one, so the percentiles are those of calls under this concurrency,
   * not of an open arrival rate.
   *
   * @return the calls' times and the window's length
   * @throws Exception the first call's failure, if any failed
   */
  public static Latencies latency(Variant variant, int inFlight, long nanos) throws Exception {
    ConcurrentHistogram histogram =
        new ConcurrentHistogram(1_000, TimeUnit.SECONDS.toNanos(DRAIN_SECONDS), 3);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long start = System.nanoTime();
    long end = start + nanos;
    Window window = new Window(histogram, end);
    CountDownLatch done = new CountDownLatch(inFlight);
    if (variant.isBlocking()) {
      Variant.BlockingCall call = Objects.requireNonNull(variant.blockingCall());
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < inFlight; i++) {
        Thread thread =
            new Thread(
                () -> {
                  try {
                    while (failure.get() == null) {
                      long t0 = System.nanoTime();
                      if (t0 >= end) {
                        break;
                      }
                      call.run();
                      window.completed(t0, System.nanoTime());
                    }
                  } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                  } finally {
                    done.countDown();
                  }
                },
                "load-" + variant.name() + "-" + i);
        thread.setDaemon(true);
        threads.add(thread);
      }
      threads.forEach(Thread::start);
    } else {
      Variant.AsyncCall call = Objects.requireNonNull(variant.asyncCall());
      for (int i = 0; i < inFlight; i++) {
        new Slot(call, window, failure, end, done).next();
      }
    }
    if (!done.await(nanos + TimeUnit.SECONDS.toNanos(DRAIN_SECONDS), TimeUnit.NANOSECONDS)) {
      failure.compareAndSet(
          null,
          new IllegalStateException(
              variant.name()
                  + ": calls still in flight "
                  + DRAIN_SECONDS
                  + " s after the window closed"));
    }
    Throwable failed = failure.get();
    if (failed != null) {
      throw failed instanceof Exception e ? e : new IllegalStateException(failed);
    }
    return new Latencies(histogram.copy(), window.closed() - start);
  }

  /** The times of calls in one or more windows, and the windows' total length. */
  public static final class Latencies {
    private final Histogram histogram;
    private long nanos;

    Latencies(Histogram histogram, long nanos) {
      this.histogram = histogram;
      this.nanos = nanos;
    }

    /** Adds another window's calls. */
    public void add(Latencies other) {
      histogram.add(other.histogram);
      nanos += other.nanos;
    }

    /**
     * {@code p50}, {@code p99}, {@code p99.9} (microseconds), {@code throughput} (calls/s), {@code
     * calls}.
     */
    public Map<String, Double> metrics() {
      Map<String, Double> result = new LinkedHashMap<>();
      result.put("p50", histogram.getValueAtPercentile(50) / 1e3);
      result.put("p99", histogram.getValueAtPercentile(99) / 1e3);
      result.put("p99.9", histogram.getValueAtPercentile(99.9) / 1e3);
      result.put("throughput", histogram.getTotalCount() / (nanos / 1e9));
      result.put("calls", (double) histogram.getTotalCount());
      return result;
    }
  }

  /** Where a window's calls are recorded, and when it closed. */
  private static final class Window {
    private final ConcurrentHistogram histogram;
    private final long end;
    private final AtomicLong closed;

    Window(ConcurrentHistogram histogram, long end) {
      this.histogram = histogram;
      this.end = end;
      this.closed = new AtomicLong(end);
    }

    void completed(long t0, long t1) {
      if (t1 <= end) {
        histogram.recordValue(Math.max(1_000, t1 - t0));
      } else if (histogram.getTotalCount() == 0 && closed.compareAndSet(end, t1)) {
        histogram.recordValue(Math.max(1_000, t1 - t0));
      }
    }

    long closed() {
      return closed.get();
    }
  }

  /** One of the calls kept in flight: starts the next where the last completes. */
  private static final class Slot {
    private final Variant.AsyncCall call;
    private final Window window;
    private final AtomicReference<Throwable> failure;
    private final long end;
    private final CountDownLatch done;

    Slot(
        Variant.AsyncCall call,
        Window window,
        AtomicReference<Throwable> failure,
        long end,
        CountDownLatch done) {
      this.call = call;
      this.window = window;
      this.failure = failure;
      this.end = end;
      this.done = done;
    }

    /**
     * Starts calls until one is still running (then its completion goes on) or the window closed.
     */
    void next() {
      while (true) {
        long t0 = System.nanoTime();
        if (t0 >= end || failure.get() != null) {
          done.countDown();
          return;
        }
        CompletableFuture<?> future;
        try {
          future = call.start();
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
          done.countDown();
          return;
        }
        if (!future.isDone()) {
          // The callback records the call and starts the next; its own stage carries nothing more.
          var unused =
              future.whenComplete(
                  (value, error) -> {
                    if (completed(t0, error)) {
                      next();
                    }
                  });
          return;
        }
        Throwable error = null;
        try {
          future.join();
        } catch (Throwable e) {
          error = e;
        }
        if (!completed(t0, error)) {
          return;
        }
      }
    }

    private boolean completed(long t0, @Nullable Throwable error) {
      long t1 = System.nanoTime();
      if (error != null) {
        failure.compareAndSet(null, error);
        done.countDown();
        return false;
      }
      window.completed(t0, t1);
      return true;
    }
  }

  /**
   * The bytes allocated per call over {@code calls} calls of {@code variant}, one after another,
   * summed over every thread of the JVM except those {@code serverThread} names (the in-process
   * server is not under test): the caller, the HTTP client's and the component's threads.
   *
   * <p>A thread that ends during the count takes its bytes with it (the JDK reports live threads
   * only); that is printed as a note. The pools involved keep idle threads for a minute, longer
   * than a count takes.
   *
   * @return {@code allocated} (bytes per call)
   */
  public static Map<String, Double> allocation(
      Variant variant, int calls, LongPredicate serverThread) throws Exception {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    if (!threads.isThreadAllocatedMemoryEnabled()) {
      threads.setThreadAllocatedMemoryEnabled(true);
    }
    long[] beforeIds = threads.getAllThreadIds();
    long[] beforeBytes = threads.getThreadAllocatedBytes(beforeIds);
    for (int i = 0; i < calls; i++) {
      variant.once();
    }
    long[] afterIds = threads.getAllThreadIds();
    long[] afterBytes = threads.getThreadAllocatedBytes(afterIds);
    Map<Long, Long> before = new HashMap<>();
    for (int i = 0; i < beforeIds.length; i++) {
      before.put(beforeIds[i], beforeBytes[i]);
    }
    long total = 0;
    for (int i = 0; i < afterIds.length; i++) {
      Long was = before.remove(afterIds[i]);
      if (afterBytes[i] < 0 || serverThread.test(afterIds[i])) {
        continue;
      }
      total += afterBytes[i] - (was == null ? 0 : Math.max(0, was));
    }
    for (Map.Entry<Long, Long> gone : before.entrySet()) {
      if (!serverThread.test(gone.getKey()) && gone.getValue() > 0) {
        // A thread ended while we measured: what it allocated since the first snapshot is lost.
        // Idle pools keep their threads for a minute, so this means something else ran.
        System.err.println(
            "note: thread "
                + gone.getKey()
                + " ended during the allocation count of "
                + variant.name());
      }
    }
    Map<String, Double> result = new LinkedHashMap<>();
    result.put("allocated", total / (double) calls);
    return result;
  }
}
