package dev.daprcompute.protocol.fuzz;

import java.util.ArrayList;
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
    return new Sample<>(
        f.apply(value),
        () -> {
          List<Sample<R>> mapped = new ArrayList<>();
          for (Sample<T> smaller : shrinks.get()) {
            try {
              mapped.add(smaller.map(f));
            } catch (RuntimeException notForThisMapping) {
              // a smaller value f cannot take (an empty text where f parses JSON, say): not a
              // candidate
            }
          }
          return mapped;
        });
  }

  /**
   * The values of {@code samples} as a list that shrinks by dropping elements (down to {@code min})
   * and shrinking them.
   */
  public static <T> Sample<List<T>> list(List<Sample<T>> samples, int min) {
    List<T> values = samples.stream().map(Sample::value).toList();
    return new Sample<>(
        values,
        () -> {
          List<Sample<List<T>>> smaller = new ArrayList<>();
          for (int i = 0; i < samples.size() && samples.size() > min; i++) {
            List<Sample<T>> without = new ArrayList<>(samples);
            without.remove(i);
            smaller.add(list(without, min));
          }
          for (int i = 0; i < samples.size(); i++) {
            for (Sample<T> element : samples.get(i).shrinks().get()) {
              List<Sample<T>> replaced = new ArrayList<>(samples);
              replaced.set(i, element);
              smaller.add(list(replaced, min));
            }
          }
          return smaller;
        });
  }
}
