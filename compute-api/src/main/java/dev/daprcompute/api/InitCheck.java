package dev.daprcompute.api;

import java.util.Objects;

/**
 * One check that {@link Compute#init} ran, such as "deployed" or "auth".
 *
 * @param name what was checked, in a word or two
 * @param outcome passed, failed, skipped, or passed with a warning
 * @param detail what was found, for an operator
 */
public record InitCheck(String name, Outcome outcome, String detail) {

  public InitCheck {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(outcome, "outcome == null");
    Objects.requireNonNull(detail, "detail == null");
  }

  /** A passed check. */
  public static InitCheck passed(String name, String detail) {
    return new InitCheck(name, Outcome.PASSED, detail);
  }

  /** A failed check. */
  public static InitCheck failed(String name, String detail) {
    return new InitCheck(name, Outcome.FAILED, detail);
  }

  /** A check that did not run, and why. */
  public static InitCheck skipped(String name, String detail) {
    return new InitCheck(name, Outcome.SKIPPED, detail);
  }

  /**
   * A check that did not fail init but found something an operator should look at (a management API
   * that refused to answer, say), and what.
   */
  public static InitCheck warning(String name, String detail) {
    return new InitCheck(name, Outcome.WARNING, detail);
  }

  /** The result of a check. */
  public enum Outcome {
    PASSED,
    FAILED,
    SKIPPED,
    /**
     * Init went on, but the check found something an operator should look at; the component logs it
     * as a warning when init succeeds.
     */
    WARNING
  }
}
