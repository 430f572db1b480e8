package dev.daprcompute.protocol.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The harness itself: a property that can fail does fail, with a small counter-example; a hang
 * fails too.
 */
@DisplayName("the property harness fails falsified properties, shrinks them and bounds every try")
class FuzzTest {
  @Test
  @DisplayName("a property that holds runs its tries and passes")
  void holds() {
    AtomicInteger tries = new AtomicInteger();
    Fuzz.forAll(
        50,
        Strings.any(20),
        s -> {
          tries.incrementAndGet();
          assertThat(s.length()).isLessThanOrEqualTo(20);
        });
    assertThat(tries.get()).isGreaterThanOrEqualTo(50);
  }

  @Test
  @DisplayName("a falsified property fails with its seed and a shrunk counter-example")
  void falsified() {
    Throwable thrown =
        catchThrowable(
            () ->
                Fuzz.forAll(
                    500, Strings.of("abcxyz", 0, 40), s -> assertThat(s).doesNotContain("x")));
    assertThat(thrown)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("FuzzTest#lambda$falsified")
        .hasMessageContaining("-D" + Fuzz.SEED + "=")
        .hasMessageContaining("shrunk counter-example")
        .hasMessageContaining(": \"x\"\n");
    assertThat(thrown.getCause()).isInstanceOf(AssertionError.class);
  }

  @Test
  @DisplayName("a try that does not finish fails the property instead of hanging the build")
  void hang() {
    System.setProperty(Fuzz.TRY_SECONDS, "1");
    try {
      Throwable thrown =
          catchThrowable(() -> Fuzz.forAll(3, Strings.any(3), s -> new CountDownLatch(1).await()));
      assertThat(thrown)
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("did not finish within its deadline");
    } finally {
      System.clearProperty(Fuzz.TRY_SECONDS);
    }
  }

  @Test
  @DisplayName(
      "the contract rejects an undocumented exception, a blank message and a secret anywhere in the chain")
  void contract() {
    assertThat(
            catchThrowable(
                () ->
                    Contract.resultOr(
                        IllegalArgumentException.class,
                        Set.of(),
                        () -> {
                          throw new NullPointerException("x");
                        })))
        .hasMessageContaining("ended in java.lang.NullPointerException");
    assertThat(
            catchThrowable(
                () ->
                    Contract.resultOr(
                        IllegalArgumentException.class,
                        Set.of(),
                        () -> {
                          throw new IllegalArgumentException(" ");
                        })))
        .hasMessageContaining("without a message");
    assertThat(
            catchThrowable(
                () ->
                    Contract.resultOr(
                        IllegalArgumentException.class,
                        Set.of("hunter2"),
                        () -> {
                          throw new IllegalArgumentException(
                              "bad", new IllegalStateException("it was hunter2"));
                        })))
        .hasMessageContaining("shows a secret");
    assertThat(Contract.resultOr(List.of(), Set.of(), () -> 42).get()).isEqualTo(42);
  }

  @Test
  @DisplayName("mutations change valid documents and the same seed gives the same values")
  void mutations() {
    Gen<String> gen =
        Strings.mutate(Gen.constant("apiVersion: dapr.io/v1alpha1"), List.of("kind:"));
    java.util.Random a = new java.util.Random(7);
    java.util.Random b = new java.util.Random(7);
    for (int i = 0; i < 20; i++) {
      assertThat(gen.next(a)).isEqualTo(gen.next(b));
    }
    long changed =
        java.util.stream.IntStream.range(0, 50)
            .mapToObj(i -> gen.next(a))
            .filter(s -> !s.equals("apiVersion: dapr.io/v1alpha1"))
            .count();
    assertThat(changed).isGreaterThan(40);
  }
}
