package dev.daprcompute.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * SIGINT (Ctrl-C) and SIGTERM (docker stop, Kubernetes) as a request to stop, instead of the JVM's
 * default, which runs the shutdown hooks and exits 130 or 143. {@code serve} uses it to drain the
 * calls in flight and exit 0.
 *
 * <p>Uses {@code sun.misc.Signal} (module {@code jdk.unsupported}, in every JDK since 9) through
 * reflection, so the build has no warning about an internal API; where it is missing, {@link
 * #install} returns a no-op and the JVM's default applies. Only a program's own {@code main}
 * installs it: an embedding program or a test keeps its signals.
 */
final class StopSignals implements AutoCloseable {
  static final List<String> NAMES = List.of("INT", "TERM");

  private final List<Runnable> restore;

  private StopSignals(List<Runnable> restore) {
    this.restore = restore;
  }

  /** Nothing installed: for runs that do not own the process. */
  static StopSignals none() {
    return new StopSignals(List.of());
  }

  /**
   * Calls {@code onSignal} with {@code SIGINT} or {@code SIGTERM}, on a thread of the JVM's, for
   * each such signal until {@link #close()}.
   */
  static StopSignals install(Consumer<String> onSignal) {
    List<Runnable> restore = new ArrayList<>();
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
      for (String name : NAMES) {
        Object signal = signalClass.getConstructor(String.class).newInstance(name);
        Object handler =
            Proxy.newProxyInstance(
                StopSignals.class.getClassLoader(),
                new Class<?>[] {handlerClass},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "handle" -> {
                        onSignal.accept("SIG" + name);
                        yield null;
                      }
                      case "hashCode" -> System.identityHashCode(proxy);
                      case "equals" -> proxy == args[0];
                      default -> "StopSignals[SIG" + name + "]";
                    });
        Object previous = handle.invoke(null, signal, handler);
        restore.add(
            () -> {
              try {
                handle.invoke(null, signal, previous);
              } catch (ReflectiveOperationException | RuntimeException ignored) {
                // the process is ending; the default handler is what it would get anyway
              }
            });
      }
    } catch (ClassNotFoundException
        | NoSuchMethodException
        | InstantiationException
        | IllegalAccessException
        | InvocationTargetException
        | RuntimeException unavailable) {
      // No sun.misc.Signal, or the signal is taken (a JVM run with -Xrs): keep the JVM's default.
      restore.forEach(Runnable::run);
      return none();
    }
    return new StopSignals(restore);
  }

  /** Puts the previous handlers back. */
  @Override
  public void close() {
    restore.forEach(Runnable::run);
  }

  /** The conventional exit code of a process ended by {@code signal} (128 + its number). */
  static int exitCode(@Nullable String signal) {
    return "SIGTERM".equals(signal) ? 143 : 130;
  }
}
