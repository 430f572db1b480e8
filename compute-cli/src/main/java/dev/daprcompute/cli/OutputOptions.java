package dev.daprcompute.cli;

import picocli.CommandLine.Option;

/** {@code --output} and {@code --verbose}, on every command. */
final class OutputOptions {

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text, or json for scripts (default: ${DEFAULT-VALUE})")
  OutputFormat format = OutputFormat.TEXT;

  boolean verbose;

  @Option(
      names = {"-v", "--verbose"},
      description = "log what happens, and show the stack trace of an error")
  void verbose(boolean verbose) {
    this.verbose = verbose;
    configureLogging(verbose);
  }

  /**
   * Raises slf4j-simple's level when {@code verbose}: it must happen before the first logger is
   * made, so {@link DaprCompute#main} calls it before parsing. Secrets are never logged.
   */
  static void configureLogging(boolean verbose) {
    if (verbose) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
      System.setProperty("org.slf4j.simpleLogger.log.dev.daprcompute", "debug");
    }
  }
}
