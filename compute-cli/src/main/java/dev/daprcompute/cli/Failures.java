package dev.daprcompute.cli;

import dev.daprcompute.api.ComputeConfigurationException;
import dev.daprcompute.api.ComputeException;
import dev.daprcompute.api.ComputeInitException;
import dev.daprcompute.api.ComputeRequestException;
import dev.daprcompute.api.token.KeyFormatException;
import dev.daprcompute.function.token.TokenRejectedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Exit codes and error messages, in one place: every failure becomes one message on stderr,
 * prefixed with the command, and an exit code (0 ok, 1 the function or platform failed, 2 bad
 * usage or configuration). Stack traces only with {@code --verbose}. Messages come from exceptions
 * that never carry secrets (the library's contract), so they are printed as they are.
 */
final class Failures {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  static final String EXIT_CODE_HEADING = "%nExit codes:%n";
  static final String EXIT_OK = "0:ok";
  static final String EXIT_FAILED = "1:the function or its platform failed";
  static final String EXIT_USAGE = "2:bad usage or configuration";

  private Failures() {}

  /** The exit code for {@code failure}. */
  static int exitCode(Throwable failure) {
    Throwable t = unwrap(failure);
    if (t instanceof CliException cli) {
      return cli.exitCode();
    }
    if (t instanceof ParameterException || t instanceof ComputeConfigurationException
        || t instanceof ComputeRequestException || t instanceof KeyFormatException || t instanceof BindException
        || t instanceof NoSuchFileException || t instanceof AccessDeniedException) {
      return USAGE;
    }
    return FAILED; // the function, the platform, the network, or something unexpected
  }

  /** One message for {@code failure}, without a stack trace. */
  static String message(Throwable failure) {
    Throwable t = unwrap(failure);
    if (t instanceof ComputeInitException init) {
      return "check '" + init.failedCheck() + "' failed: " + init.getMessage();
    }
    if (t instanceof CliException || t instanceof ComputeException || t instanceof KeyFormatException
        || t instanceof ParameterException) {
      return String.valueOf(t.getMessage());
    }
    if (t instanceof TokenRejectedException rejected) {
      return "token rejected: " + rejected.description();
    }
    if (t instanceof NoSuchFileException e) {
      return "no such file: " + e.getFile();
    }
    if (t instanceof AccessDeniedException e) {
      return "permission denied: " + e.getFile();
    }
    if (t instanceof FileSystemException e) {
      return "cannot use " + e.getFile() + ": " + e.getReason();
    }
    if (t instanceof BindException e) {
      return "cannot listen: " + e.getMessage();
    }
    if (t instanceof IOException || t instanceof InterruptedException) {
      return t.getClass().getSimpleName() + (t.getMessage() != null ? ": " + t.getMessage() : "");
    }
    if (t instanceof UnsupportedOperationException && t.getMessage() != null) {
      return t.getMessage();
    }
    return "unexpected error: " + t + " (run with --verbose for the stack trace)";
  }

  /** The cause that says what went wrong, without the wrappers of futures. */
  static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException || t instanceof UncheckedIOException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** For picocli: a command threw {@code failure}. */
  static int handleExecutionException(Exception failure, CommandLine command, ParseResult parseResult) {
    Throwable t = unwrap(failure);
    if (t instanceof ParameterException usage) {
      return handleParameterException(usage, new String[0]);
    }
    PrintWriter err = command.getErr();
    err.println(prefix(command) + message(t));
    if (isVerbose(parseResult)) {
      t.printStackTrace(err);
    }
    err.flush();
    return exitCode(t);
  }

  /** For picocli: the arguments are wrong. */
  static int handleParameterException(ParameterException failure, String[] args) {
    CommandLine command = failure.getCommandLine();
    PrintWriter err = command.getErr();
    err.println(prefix(command) + failure.getMessage());
    UnmatchedArgumentException.printSuggestions(failure, err);
    err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for usage.");
    err.flush();
    return USAGE;
  }

  private static String prefix(CommandLine command) {
    return command.getCommandSpec().qualifiedName() + ": ";
  }

  private static boolean isVerbose(ParseResult parseResult) {
    for (ParseResult r = parseResult; r != null; r = r.subcommand()) {
      if (r.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }
}
