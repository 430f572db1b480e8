package dev.daprcompute.cli;

/**
 * A failure the CLI itself found, with its exit code and a message that says what to do. Never
 * carries a secret.
 */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  private CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  /** Bad usage or configuration: exit code 2. */
  static CliException usage(String message) {
    return new CliException(Failures.USAGE, message);
  }

  /** The function or platform failed: exit code 1. */
  static CliException failed(String message) {
    return new CliException(Failures.FAILED, message);
  }

  int exitCode() {
    return exitCode;
  }
}
