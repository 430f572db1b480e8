package dev.daprcompute.cloudflare.workers;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What the code under test writes to the log (slf4j-simple writes to System.err) while a block
 * runs.
 */
final class Logs {
  private Logs() {}

  /**
   * Runs {@code block} and returns what was written to System.err meanwhile; the stream is
   * restored.
   */
  static String captured(Runnable block) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      block.run();
    } finally {
      System.setErr(original);
    }
    String text = captured.toString(StandardCharsets.UTF_8);
    original.print(text); // still shown in the test output
    return text;
  }
}
