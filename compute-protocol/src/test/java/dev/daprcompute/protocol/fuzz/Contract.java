package dev.daprcompute.protocol.fuzz;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * The contract every reader of outside input is held to: it ends in a result or in one of the
 * exceptions it documents, with a message, and nothing it says (messages of the whole cause chain,
 * suppressed exceptions included) contains a secret of the input.
 */
public final class Contract {
  private Contract() {}

  /**
   * How a call ended.
   *
   * @param result its result, when it returned
   * @param error its documented exception, when it threw one
   */
  public record Ending<R>(@Nullable R result, @Nullable Throwable error) {
    /** Whether it returned. */
    public boolean returned() {
      return error == null;
    }

    /** The result; fails the property when the call threw. */
    public R get() {
      if (error != null) {
        throw new AssertionError("expected a result, got " + error, error);
      }
      return result;
    }
  }

  /**
   * Runs {@code call} and checks the contract.
   *
   * @param allowed the exception types {@code call} documents
   * @param secrets text that must never appear in what it says
   * @throws AssertionError when it throws anything else, a blank message, or a secret
   */
  public static <R> Ending<R> resultOr(
      List<Class<? extends Throwable>> allowed, Collection<String> secrets, Callable<R> call) {
    R result;
    try {
      result = call.call();
    } catch (Throwable thrown) {
      if (allowed.stream().noneMatch(type -> type.isInstance(thrown))) {
        throw new AssertionError(
            "ended in "
                + thrown.getClass().getName()
                + " instead of a result or "
                + allowed.stream().map(Class::getSimpleName).toList(),
            thrown);
      }
      if (thrown.getMessage() == null || thrown.getMessage().isBlank()) {
        throw new AssertionError(
            "threw " + thrown.getClass().getSimpleName() + " without a message", thrown);
      }
      for (String text : said(thrown)) {
        assertNoSecret(text, secrets, "the message of " + thrown.getClass().getSimpleName());
      }
      return new Ending<>(null, thrown);
    }
    return new Ending<>(result, null);
  }

  /** {@link #resultOr(List, Collection, Callable)} for one documented exception type. */
  public static <R> Ending<R> resultOr(
      Class<? extends Throwable> allowed, Collection<String> secrets, Callable<R> call) {
    return resultOr(List.of(allowed), secrets, call);
  }

  /** Fails when {@code text} contains one of {@code secrets}. */
  public static void assertNoSecret(
      @Nullable String text, Collection<String> secrets, String where) {
    if (text == null) {
      return;
    }
    for (String secret : secrets) {
      if (!secret.isEmpty() && text.contains(secret)) {
        throw new AssertionError(
            where
                + " shows a secret ("
                + Show.quote(secret.length() > 12 ? secret.substring(0, 6) + "..." : secret)
                + "): "
                + Show.value(text));
      }
    }
  }

  /**
   * Every {@code width}-character piece of {@code material} (whitespace removed): what must not
   * appear of a key or token, even in part.
   */
  public static Set<String> pieces(String material, int width) {
    String text = material.replaceAll("\\s", "");
    Set<String> out = new HashSet<>();
    for (int i = 0; i + width <= text.length(); i++) {
      out.add(text.substring(i, i + width));
    }
    if (text.length() < width && !text.isEmpty()) {
      out.add(text);
    }
    return out;
  }

  /** Every message and string form in the cause chain and among suppressed exceptions. */
  static List<String> said(Throwable thrown) {
    List<String> out = new ArrayList<>();
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    List<Throwable> todo = new ArrayList<>(List.of(thrown));
    while (!todo.isEmpty()) {
      Throwable t = todo.remove(todo.size() - 1);
      if (t == null || seen.put(t, true) != null) {
        continue;
      }
      out.add(t.toString());
      if (t.getLocalizedMessage() != null) {
        out.add(t.getLocalizedMessage());
      }
      todo.add(t.getCause());
      todo.addAll(List.of(t.getSuppressed()));
    }
    return out;
  }
}
