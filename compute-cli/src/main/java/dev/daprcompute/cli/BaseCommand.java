package dev.daprcompute.cli;

import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.resources.ComputeHandle;
import java.io.InputStream;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every subcommand shares: {@code --output}, {@code --verbose}, its console and the
 * environment.
 */
abstract class BaseCommand implements Callable<Integer> {

  @Spec @Nullable CommandSpec spec;

  @ParentCommand @Nullable DaprCompute root;

  @Mixin OutputOptions output = new OutputOptions();

  @Override
  public final Integer call() throws Exception {
    return run(console());
  }

  /**
   * Does the work and returns the exit code; throws what {@link Failures} turns into a message and
   * an exit code.
   */
  abstract int run(Console console) throws Exception;

  final Console console() {
    CommandLine commandLine = Objects.requireNonNull(spec, "spec").commandLine();
    return new Console(commandLine.getOut(), commandLine.getErr(), output.format, output.verbose);
  }

  /**
   * The component of {@code component}, initialised, with init's retries shown on stderr ({@link
   * InitProgress}) and init bounded by {@code init}'s {@code --init-timeout} when the command has
   * it.
   */
  final ComputeHandle load(
      ComponentOptions component,
      Console console,
      @Nullable InitOptions init,
      UnaryOperator<ComputeContext> context) {
    InitProgress progress = new InitProgress(console, name(), init != null);
    ComputeHandle handle =
        component.load(
            environment(),
            c -> context.apply(c.withInitListener(progress)),
            init != null ? init.initTimeout : null);
    handle.report().ifPresent(progress::ready);
    return handle;
  }

  /**
   * {@link #load(ComponentOptions, Console, InitOptions, UnaryOperator)} with nothing more in the
   * context.
   */
  final ComputeHandle load(
      ComponentOptions component, Console console, @Nullable InitOptions init) {
    return load(component, console, init, UnaryOperator.identity());
  }

  /** The command's name, as in its messages: {@code dapr-compute invoke}. */
  final String name() {
    return Objects.requireNonNull(spec, "spec").qualifiedName();
  }

  /** The environment variables this run sees. */
  final Function<String, @Nullable String> environment() {
    return root != null ? root.environment() : System::getenv;
  }

  /** The standard input this run reads. */
  final InputStream stdin() {
    return root != null ? root.stdin() : System.in;
  }

  /** Whether this run is the program's {@code main}, which may handle the process's signals. */
  final boolean ownsProcess() {
    return root != null && root.ownsProcess();
  }
}
