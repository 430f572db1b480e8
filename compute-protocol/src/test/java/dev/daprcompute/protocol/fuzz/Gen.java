package dev.daprcompute.protocol.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A generator of random values that knows how to shrink them. Deterministic for a given {@link
 * Random}; a generator holds no state, so one can be shared by several properties.
 */
@FunctionalInterface
public interface Gen<T> {
  /** One value, with its shrink candidates. */
  Sample<T> sample(Random random);

  /** One value, without its shrink candidates. */
  default T next(Random random) {
    return sample(random).value();
  }

  /** The values of this generator seen through {@code f}. */
  default <R> Gen<R> map(Function<? super T, ? extends R> f) {
    return random -> sample(random).map(f);
  }

  /** A generator chosen by a value of this one; shrinks the chosen generator's value only. */
  default <R> Gen<R> flatMap(Function<? super T, Gen<R>> f) {
    return random -> f.apply(next(random)).sample(random);
  }

  /** Always {@code value}. */
  static <T> Gen<T> constant(T value) {
    return random -> Sample.of(value);
  }

  /** A value of one of {@code choices}, picked with equal chance. */
  @SafeVarargs
  static <T> Gen<T> oneOf(Gen<? extends T>... choices) {
    List<Gen<? extends T>> list = List.of(choices);
    return random -> {
      @SuppressWarnings("unchecked")
      Gen<T> chosen = (Gen<T>) list.get(random.nextInt(list.size()));
      return chosen.sample(random);
    };
  }

  /**
   * Mostly {@code usual}, and once in {@code oneIn} values (on average) {@code rare}: for costly
   * values.
   */
  static <T> Gen<T> rarely(Gen<T> usual, Gen<T> rare, int oneIn) {
    return random -> random.nextInt(oneIn) == 0 ? rare.sample(random) : usual.sample(random);
  }

  /** One of {@code values}; shrinks towards the first. */
  static <T> Gen<T> elementOf(List<T> values) {
    List<T> copy = List.copyOf(values);
    return ints(0, copy.size() - 1).map(copy::get);
  }

  /** An int in {@code [min, max]}; shrinks towards {@code min}. */
  static Gen<Integer> ints(int min, int max) {
    return longs(min, max).map(Long::intValue);
  }

  /** A long in {@code [min, max]}; shrinks towards {@code min}. */
  static Gen<Long> longs(long min, long max) {
    if (max < min) {
      throw new IllegalArgumentException("max < min");
    }
    return random -> {
      long span = max - min + 1;
      long offset =
          span <= 0 ? random.nextLong() & Long.MAX_VALUE : Math.floorMod(random.nextLong(), span);
      return shrinkingLong(min + offset, min);
    };
  }

  private static Sample<Long> shrinkingLong(long value, long target) {
    return new Sample<>(
        value,
        () -> {
          List<Sample<Long>> smaller = new ArrayList<>();
          if (value != target) {
            smaller.add(shrinkingLong(target, target));
            long half = target + (value - target) / 2;
            if (half != target && half != value) {
              smaller.add(shrinkingLong(half, target));
            }
            long step = value > target ? value - 1 : value + 1;
            if (step != half && step != target) {
              smaller.add(shrinkingLong(step, target));
            }
          }
          return smaller;
        });
  }

  /** True or false; shrinks towards false. */
  static Gen<Boolean> bools() {
    return ints(0, 1).map(i -> i == 1);
  }

  /**
   * Lists of {@code min} to {@code max} elements; shrinks by dropping and then shrinking elements.
   */
  static <T> Gen<List<T>> lists(Gen<T> element, int min, int max) {
    return random -> {
      int size = min + random.nextInt(max - min + 1);
      List<Sample<T>> samples = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        samples.add(element.sample(random));
      }
      return Sample.list(samples, min);
    };
  }

  /** Pairs of values combined by {@code f}; shrinks each side. */
  static <A, B, R> Gen<R> zip(Gen<A> a, Gen<B> b, BiFunction<? super A, ? super B, ? extends R> f) {
    return random -> zipped(a.sample(random), b.sample(random), f);
  }

  private static <A, B, R> Sample<R> zipped(
      Sample<A> a, Sample<B> b, BiFunction<? super A, ? super B, ? extends R> f) {
    return new Sample<>(
        f.apply(a.value(), b.value()),
        () -> {
          List<Sample<R>> smaller = new ArrayList<>();
          a.shrinks().get().forEach(sa -> smaller.add(zipped(sa, b, f)));
          b.shrinks().get().forEach(sb -> smaller.add(zipped(a, sb, f)));
          return smaller;
        });
  }

  /** Three values combined by {@code f}; shrinks each. */
  static <A, B, C, R> Gen<R> zip(Gen<A> a, Gen<B> b, Gen<C> c, Function3<A, B, C, R> f) {
    return zip(zip(a, b, Pair<A, B>::new), c, (ab, cv) -> f.apply(ab.first(), ab.second(), cv));
  }

  /** A function of three arguments. */
  @FunctionalInterface
  interface Function3<A, B, C, R> {
    R apply(A a, B b, C c);
  }

  /** Two values. */
  record Pair<A, B>(A first, B second) {}
}
