package dev.daprcompute.cli;

/**
 * A failure the CLI itself found, with its exit code and a message that says what to do. Never
 * carries a secret.
 */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;
  private final String code;

  private CliException(int exitCode, String code, String message) {
    super(message);
    this.exitCode = exitCode;
    this.code = code;
  }

  /** Bad usage or configuration: exit code 2. */
  static CliException usage(String message) {
    return new CliException(Failures.USAGE, "usage", message);
  }

  /** The function or platform failed: exit code 1. */
  static CliException failed(String message) {
    return new CliException(Failures.FAILED, "failed", message);
  }

  /** A port that cannot be listened on: exit code 2, code {@code port-unavailable}. */
  static CliException portUnavailable(String message) {
    return new CliException(Failures.USAGE, "port-unavailable", message);
  }

  int exitCode() {
    return exitCode;
  }

  /** What kind of failure this is, for {@code --output json}. */
  String code() {
    return code;
  }
}
