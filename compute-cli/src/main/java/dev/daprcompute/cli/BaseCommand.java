package dev.daprcompute.cli;

import java.io.InputStream;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** What every subcommand shares: {@code --output}, {@code --verbose}, its console and the environment. */
abstract class BaseCommand implements Callable<Integer> {

  @Spec
  @Nullable CommandSpec spec;

  @ParentCommand
  @Nullable DaprCompute root;

  @Mixin
  OutputOptions output = new OutputOptions();

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
