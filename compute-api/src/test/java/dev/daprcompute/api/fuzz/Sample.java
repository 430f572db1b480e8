package dev.daprcompute.api.fuzz;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A generated value and, computed only when the value falsifies a property, the smaller values to
 * try instead (simplest first).
 *
 * @param value the value
 * @param shrinks the smaller candidates; each is a sample with candidates of its own
 */
public record Sample<T>(T value, Supplier<List<Sample<T>>> shrinks) {
  /** A value that cannot be made smaller. */
  public static <T> Sample<T> of(T value) {
    return new Sample<>(value, List::of);
  }

  /** The same sample seen through {@code f}; shrinking still works on the original. */
  public <R> Sample<R> map(Function<? super T, ? extends R> f) {
    return new Sample<>(f.apply(value), () -> shrinks.get().stream().<Sample<R>>map(s -> s.map(f)).toList());
  }
}
