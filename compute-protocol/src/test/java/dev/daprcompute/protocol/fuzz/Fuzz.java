package dev.daprcompute.protocol.fuzz;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Runs a property: {@code tries} generated values, each checked on a worker thread within a
 * deadline (a try that does not finish is a hang, and fails the property). The first value that
 * falsifies the property is shrunk to a smaller one that fails the same way, and both are reported
 * with the seed that reproduces them.
 *
 * <p>System properties (pass them to Maven with {@code -D}; surefire hands them to the tests):
 *
 * <ul>
 *   <li>{@value #SCALE}: multiplies every property's tries (default 1; CI runs 1, a long local run
 *       {@code 20} or {@code 100}).
 *   <li>{@value #SEED}: the seed of every property (default: a fixed seed per property, so CI is
 *       deterministic); {@code random} draws a new one per run, for exploration.
 *   <li>{@value #TRY_SECONDS}: the deadline of one try in seconds (default 10: a machine shared
 *       with other builds can be ten times slower than usual, and a real hang takes minutes).
 * </ul>
 */
public final class Fuzz {
  private Fuzz() {}

  /** Multiplies every property's tries. */
  public static final String SCALE = "dapr.compute.fuzz.scale";

  /** Fixes (or, with {@code random}, randomises) the seed. */
  public static final String SEED = "dapr.compute.fuzz.seed";

  /** The deadline of one try, in seconds. */
  public static final String TRY_SECONDS = "dapr.compute.fuzz.trySeconds";

  private static final int MAX_SHRINK_RUNS = 2_000;
  private static final Duration MAX_SHRINK_TIME = Duration.ofSeconds(20);

  /** A property of one value: returns normally when it holds, throws when it does not. */
  @FunctionalInterface
  public interface Property<T> {
    void check(T value) throws Exception;
  }

  /**
   * Checks {@code property} for {@code tries} (times the scale) values of {@code gen}.
   *
   * @throws AssertionError naming the seed, the shrunk and the original counter-example, with the
   *     failure as its cause
   */
  public static <T> void forAll(int tries, Gen<T> gen, Property<? super T> property) {
    String name = caller();
    long seed = seed(name);
    int count =
        Math.max(1, (int) Math.round(tries * Double.parseDouble(System.getProperty(SCALE, "1"))));
    Duration limit = Duration.ofSeconds(Long.getLong(TRY_SECONDS, 10));
    Random random = new Random(seed);
    try (Worker worker = new Worker(name, limit)) {
      for (int i = 0; i < count; i++) {
        Sample<T> sample = gen.sample(random);
        Failure failure = worker.run(property, sample.value());
        if (failure != null) {
          Shrunk<T> shrunk =
              failure.hung()
                  ? new Shrunk<>(sample, failure, 0)
                  : shrink(worker, property, sample, failure);
          throw new AssertionError(
              report(name, seed, i + 1, sample.value(), shrunk), shrunk.failure().error());
        }
      }
    }
  }

  private static String report(
      String name, long seed, int tries, Object original, Shrunk<?> shrunk) {
    Failure failure = shrunk.failure();
    String why =
        failure.hung()
            ? "did not finish within its deadline (a hang, or time that grows too fast with the input)"
            : "failed: " + Show.value(String.valueOf(failure.error())).replace("\\n", "\n    ");
    return "Property "
        + name
        + " falsified at try "
        + tries
        + " (seed "
        + seed
        + "; rerun with -D"
        + SEED
        + "="
        + seed
        + ")\n  it "
        + why
        + (shrunk.steps() > 0
            ? "\n  shrunk counter-example ("
                + shrunk.steps()
                + " steps): "
                + Show.value(shrunk.sample().value())
            : "")
        + "\n  original counter-example: "
        + Show.value(original);
  }

  private record Failure(Throwable error, boolean hung) {
    boolean sameKind(Failure other) {
      return hung == other.hung
          && error.getClass() == other.error.getClass()
          && causeClass(error) == causeClass(other.error);
    }

    private static @Nullable Class<?> causeClass(Throwable t) {
      return t.getCause() == null ? null : t.getCause().getClass();
    }
  }

  private record Shrunk<T>(Sample<T> sample, Failure failure, int steps) {}

  /** Greedy: the first smaller candidate that fails the same way replaces the current one. */
  private static <T> Shrunk<T> shrink(
      Worker worker, Property<? super T> property, Sample<T> start, Failure failure) {
    Sample<T> current = start;
    Failure currentFailure = failure;
    int steps = 0;
    int runs = 0;
    long deadline = System.nanoTime() + MAX_SHRINK_TIME.toNanos();
    boolean progress = true;
    while (progress && runs < MAX_SHRINK_RUNS && System.nanoTime() < deadline) {
      progress = false;
      List<Sample<T>> candidates;
      try {
        candidates = current.shrinks().get();
      } catch (RuntimeException generatorCannotShrink) {
        break;
      }
      for (Sample<T> candidate : candidates) {
        if (runs++ >= MAX_SHRINK_RUNS || System.nanoTime() >= deadline) {
          break;
        }
        Failure f = worker.run(property, candidate.value());
        if (f != null && f.sameKind(failure)) {
          current = candidate;
          currentFailure = f;
          steps++;
          progress = true;
          break;
        }
      }
    }
    return new Shrunk<>(current, currentFailure, steps);
  }

  private static long seed(String name) {
    String configured = System.getProperty(SEED);
    if (configured == null || configured.isBlank()) {
      long h = 1125899906842597L;
      for (int i = 0; i < name.length(); i++) {
        h = 31 * h + name.charAt(i);
      }
      return h;
    }
    if (configured.equals("random")) {
      return new Random().nextLong();
    }
    return Long.parseLong(configured.strip());
  }

  private static String caller() {
    return StackWalker.getInstance()
        .walk(
            frames ->
                frames
                    .filter(f -> !f.getClassName().equals(Fuzz.class.getName()))
                    .findFirst()
                    .map(
                        f ->
                            f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1)
                                + "#"
                                + f.getMethodName())
                    .orElse("property"));
  }

  /**
   * Runs tries on a daemon thread; a try that overruns leaves its thread behind and gets a new one.
   */
  private static final class Worker implements AutoCloseable {
    private final String name;
    private final Duration limit;
    private ExecutorService executor;

    Worker(String name, Duration limit) {
      this.name = name;
      this.limit = limit;
      this.executor = newExecutor();
    }

    private ExecutorService newExecutor() {
      return Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "fuzz " + name);
            t.setDaemon(true);
            return t;
          });
    }

    <T> @Nullable Failure run(Property<? super T> property, T value) {
      Future<?> future =
          executor.submit(
              () -> {
                property.check(value);
                return null;
              });
      try {
        future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        return null;
      } catch (ExecutionException e) {
        return new Failure(e.getCause(), false);
      } catch (TimeoutException e) {
        future.cancel(true);
        executor.shutdownNow();
        executor = newExecutor();
        return new Failure(new AssertionError("no result after " + limit.toSeconds() + " s"), true);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }

    @Override
    public void close() {
      executor.shutdownNow();
    }
  }
}
