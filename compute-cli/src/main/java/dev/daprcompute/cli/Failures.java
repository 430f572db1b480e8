package dev.daprcompute.cli;

import dev.daprcompute.api.ComputeConfigurationException;
import dev.daprcompute.api.ComputeException;
import dev.daprcompute.api.ComputeInitException;
import dev.daprcompute.api.ComputeRequestException;
import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.api.ConfigurationProblem;
import dev.daprcompute.function.token.PublicKeyException;
import dev.daprcompute.function.token.TokenRejectedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Exit codes and error messages, in one place: every failure becomes one message on stderr,
 * prefixed with the command, and an exit code (0 ok, 1 the function or platform failed, 2 bad usage
 * or configuration). With {@code --output json} the failure is also one JSON document on stdout
 * ({@code ok: false}, {@code code}, {@code exitCode}, {@code message}, {@code problems}), so a
 * script always has something to parse. Stack traces only with {@code --verbose}. Messages come
 * from exceptions that never carry secrets (the library's contract), so they are printed as they
 * are.
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
    if (t instanceof ParameterException
        || t instanceof ComputeConfigurationException
        || t instanceof ComputeRequestException
        || t instanceof PublicKeyException
        || t instanceof NoSuchFileException
        || t instanceof AccessDeniedException) {
      return USAGE;
    }
    return FAILED; // the function, the platform, the network, or something unexpected
  }

  /**
   * What kind of failure {@code failure} is, for scripts: {@code usage}, {@code configuration},
   * {@code init}, {@code request}, {@code unavailable}, {@code token-rejected} or {@code failed}.
   */
  static String code(Throwable failure) {
    Throwable t = unwrap(failure);
    if (t instanceof CliException cli) {
      return cli.code();
    }
    if (t instanceof ParameterException) {
      return "usage";
    }
    if (t instanceof ComputeConfigurationException || t instanceof PublicKeyException) {
      return "configuration";
    }
    if (t instanceof ComputeInitException) {
      return "init";
    }
    if (t instanceof ComputeRequestException) {
      return "request";
    }
    if (t instanceof ComputeUnavailableException) {
      return "unavailable";
    }
    if (t instanceof TokenRejectedException) {
      return "token-rejected";
    }
    if (t instanceof NoSuchFileException || t instanceof AccessDeniedException) {
      return "usage";
    }
    return "failed";
  }

  /** One message for {@code failure}, without a stack trace. */
  static String message(Throwable failure) {
    Throwable t = unwrap(failure);
    if (t instanceof ComputeInitException init) {
      return "check '" + init.failedCheck() + "' failed: " + init.getMessage();
    }
    if (t instanceof CliException
        || t instanceof ComputeException
        || t instanceof PublicKeyException
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
    if (t instanceof IOException || t instanceof InterruptedException) {
      return t.getClass().getSimpleName() + (t.getMessage() != null ? ": " + t.getMessage() : "");
    }
    if (t instanceof UnsupportedOperationException && t.getMessage() != null) {
      return t.getMessage();
    }
    return "unexpected error: " + t + " (run with --verbose for the stack trace)";
  }

  /** {@code failure} as the JSON document {@code --output json} prints on stdout. */
  static Map<String, Object> json(Throwable failure) {
    Throwable t = unwrap(failure);
    Map<String, Object> json = Console.object();
    json.put("ok", false);
    json.put("code", code(t));
    json.put("exitCode", exitCode(t));
    json.put("message", message(t));
    List<ConfigurationProblem> problems =
        t instanceof ComputeConfigurationException c ? c.problems() : List.of();
    json.put("problems", problems.stream().map(Failures::json).toList());
    if (t instanceof ComputeInitException init) {
      json.put("failedCheck", init.failedCheck());
      json.put("checks", InitChecks.json(init.checks()));
    }
    if (t instanceof ComputeUnavailableException unavailable) {
      json.put("reason", unavailable.reason().name());
    }
    if (t instanceof TokenRejectedException rejected) {
      json.put("reason", rejected.description());
    }
    return json;
  }

  private static Map<String, Object> json(ConfigurationProblem problem) {
    Map<String, Object> json = Console.object();
    json.put("file", problem.file());
    json.put("line", problem.line());
    json.put("component", problem.component());
    json.put("field", problem.field());
    json.put("message", problem.message());
    json.put("fix", problem.fix());
    return json;
  }

  /** The cause that says what went wrong, without the wrappers of futures. */
  static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException
            || t instanceof ExecutionException
            || t instanceof UncheckedIOException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** For picocli: a command threw {@code failure}. */
  static int handleExecutionException(
      Exception failure, CommandLine command, ParseResult parseResult) {
    Throwable t = unwrap(failure);
    boolean json = isJson(parseResult);
    if (t instanceof ParameterException usage) {
      return report(usage, json);
    }
    PrintWriter err = command.getErr();
    err.println(prefix(command) + message(t));
    if (isVerbose(parseResult)) {
      t.printStackTrace(err);
    }
    err.flush();
    if (json) {
      Console.writeJson(command.getOut(), json(t));
    }
    return exitCode(t);
  }

  /** For picocli: the arguments are wrong. */
  static int handleParameterException(ParameterException failure, String[] args) {
    return report(failure, isJson(args));
  }

  private static int report(ParameterException failure, boolean json) {
    CommandLine command = failure.getCommandLine();
    PrintWriter err = command.getErr();
    err.println(prefix(command) + failure.getMessage());
    UnmatchedArgumentException.printSuggestions(failure, err);
    err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for usage.");
    err.flush();
    if (json) {
      Map<String, Object> document = json(failure);
      if (failure instanceof UnmatchedArgumentException unmatched
          && !unmatched.getSuggestions().isEmpty()) {
        document.put("suggestions", unmatched.getSuggestions());
      }
      Console.writeJson(command.getOut(), document);
    }
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

  private static boolean isJson(ParseResult parseResult) {
    for (ParseResult r = parseResult; r != null; r = r.subcommand()) {
      if (r.hasMatchedOption("--output")
          && r.matchedOptionValue("--output", OutputFormat.TEXT) == OutputFormat.JSON) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the raw arguments ask for JSON: when they could not be parsed there is no parse result
   * to ask, and a script that said {@code -o json} still expects a JSON document.
   */
  static boolean isJson(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      @Nullable String value = null;
      if ((arg.equals("-o") || arg.equals("--output")) && i + 1 < args.length) {
        value = args[i + 1];
      } else if (arg.startsWith("--output=")) {
        value = arg.substring("--output=".length());
      } else if (arg.startsWith("-o=")) {
        value = arg.substring(3);
      } else if (arg.startsWith("-o") && !arg.startsWith("--")) {
        value = arg.substring(2);
      }
      if (value != null && value.toLowerCase(Locale.ROOT).equals("json")) {
        return true;
      }
    }
    return false;
  }
}
