package dev.daprcompute.cli;

import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code dapr-compute} command. {@link #main} runs it and exits with its code: 0 ok, 1 the
 * function or platform failed, 2 bad usage or configuration.
 */
@Command(
    name = "dapr-compute",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Serverless functions as the target of Dapr service invocation, PubSub and input bindings.",
      "Start with 'dapr-compute demo': every provider on the classpath against a local fake of its platform."
    },
    subcommands = {
      DemoCommand.class,
      ServeCommand.class,
      CheckCommand.class,
      InvokeCommand.class,
      PublishCommand.class,
      BindingCommand.class,
      SubscriptionsCommand.class,
      KeygenCommand.class,
      TokenCommand.class,
      VerifyCommand.class,
      VersionCommand.class,
      InstallCommand.class,
      HelpCommand.class
    },
    exitCodeListHeading = Failures.EXIT_CODE_HEADING,
    exitCodeList = {Failures.EXIT_OK, Failures.EXIT_FAILED, Failures.EXIT_USAGE})
public final class DaprCompute implements Callable<Integer> {
  private final Function<String, @Nullable String> environment;
  private final InputStream stdin;
  private final boolean ownsProcess;

  @Spec @Nullable CommandSpec spec;

  private DaprCompute(
      Function<String, @Nullable String> environment, InputStream stdin, boolean ownsProcess) {
    this.environment = Objects.requireNonNull(environment, "environment == null");
    this.stdin = Objects.requireNonNull(stdin, "stdin == null");
    this.ownsProcess = ownsProcess;
  }

  /** Runs the command with the process's environment and exits with its exit code. */
  public static void main(String[] args) {
    List<String> arguments = List.of(args);
    OutputOptions.configureLogging(arguments.contains("--verbose") || arguments.contains("-v"));
    System.exit(commandLine(System::getenv, System.in, true).execute(args));
  }

  /**
   * The command, ready for {@link CommandLine#execute}: errors become one message on its error
   * writer and an exit code, usage errors exit with 2. Set its out and err writers to capture what
   * it prints.
   *
   * @param environment the environment variables (secrets, {@code envRef}, {@code APP_API_TOKEN});
   *     returns null for a variable that is not set
   */
  public static CommandLine commandLine(Function<String, @Nullable String> environment) {
    return commandLine(environment, System.in);
  }

  /**
   * The command, as {@link #commandLine(Function)}, reading standard input (such as {@code verify
   * -}) from {@code stdin}.
   */
  public static CommandLine commandLine(
      Function<String, @Nullable String> environment, InputStream stdin) {
    return commandLine(environment, stdin, false);
  }

  /**
   * {@code ownsProcess}: this is the program's {@code main}, so {@code serve} may take SIGINT and
   * SIGTERM.
   */
  static CommandLine commandLine(
      Function<String, @Nullable String> environment, InputStream stdin, boolean ownsProcess) {
    CommandLine cli = new CommandLine(new DaprCompute(environment, stdin, ownsProcess));
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExpandAtFiles(false); // --data @file is ours to read
    cli.setExecutionExceptionHandler(Failures::handleExecutionException);
    cli.setParameterExceptionHandler(Failures::handleParameterException);
    return cli;
  }

  /** The environment variables this run sees. */
  Function<String, @Nullable String> environment() {
    return environment;
  }

  /** The standard input this run reads. */
  InputStream stdin() {
    return stdin;
  }

  /** Whether this run is the program's {@code main}, which may handle the process's signals. */
  boolean ownsProcess() {
    return ownsProcess;
  }

  /** Without a subcommand there is nothing to do: a usage error. */
  @Override
  public Integer call() {
    CommandSpec self = Objects.requireNonNull(spec);
    throw new ParameterException(
        self.commandLine(),
        "missing command: choose one of " + String.join(", ", self.subcommands().keySet()));
  }
}
