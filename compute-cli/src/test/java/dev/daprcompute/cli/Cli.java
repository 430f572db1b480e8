package dev.daprcompute.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Runs the CLI in-process, as {@code main} would, with captured stdout and stderr. */
final class Cli {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Cli() {}

  /** What a run printed and returned. */
  record Result(int exitCode, String out, String err) {
    String all() {
      return out + err;
    }

    JsonNode json() {
      try {
        return JSON.readTree(out);
      } catch (IOException e) {
        throw new UncheckedIOException("stdout is not JSON: " + out, e);
      }
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  static Result run(String... args) {
    return run(Map.of(), args);
  }

  static Result run(Map<String, String> environment, String... args) {
    return runWithInput(environment, "", args);
  }

  /** A run that reads {@code stdin} as its standard input. */
  static Result runWithInput(Map<String, String> environment, String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli =
        DaprCompute.commandLine(
            environment::get, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  /**
   * Starts a run on a thread of its own (as {@code serve} runs until interrupted): the test waits
   * for what it prints, then stops it. Close it in any case: that interrupts the run and waits for
   * its end, so no run outlives its test.
   */
  static Background background(Map<String, String> environment, String... args) {
    return new Background(environment, args);
  }

  /** A run in the background whose output can be waited for. */
  static final class Background implements AutoCloseable {
    private static final Duration STOP = Duration.ofSeconds(20);

    private final Output out = new Output();
    private final Output err = new Output();
    private final CompletableFuture<Result> result = new CompletableFuture<>();
    private final Thread thread;

    private Background(Map<String, String> environment, String... args) {
      thread =
          new Thread(
              () -> {
                try {
                  CommandLine cli = DaprCompute.commandLine(environment::get);
                  cli.setOut(new PrintWriter(out, true));
                  cli.setErr(new PrintWriter(err, true));
                  int code = cli.execute(args);
                  result.complete(new Result(code, out.toString(), err.toString()));
                } catch (Throwable t) {
                  result.completeExceptionally(t);
                } finally {
                  out.end();
                  err.end();
                }
              },
              "cli-" + args[0]);
      thread.setDaemon(true);
      thread.start();
    }

    /**
     * The first match of {@code pattern} in stdout, once it is printed; fails when the run ends
     * without printing it or {@code timeout} passes.
     */
    Matcher awaitOut(Pattern pattern, Duration timeout) throws InterruptedException {
      Matcher matcher = out.await(pattern, timeout);
      if (matcher == null) {
        throw new AssertionError(
            (result.isDone() ? "the run ended" : "nothing after " + timeout.toSeconds() + " s")
                + " without printing "
                + pattern
                + "\n--- stdout\n"
                + out
                + "--- stderr\n"
                + err);
      }
      return matcher;
    }

    /** Interrupts the run and returns how it ended. */
    Result stop() throws InterruptedException, ExecutionException, TimeoutException {
      thread.interrupt();
      return result.get(STOP.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
      thread.interrupt();
      thread.join(STOP.toMillis());
      if (thread.isAlive()) {
        throw new AssertionError(
            "the run did not stop within " + STOP.toSeconds() + " s of an interrupt");
      }
    }
  }

  /** What a run printed so far, which a test can wait on. */
  private static final class Output extends Writer {
    private final StringBuilder text = new StringBuilder();
    private boolean ended;

    @Override
    public synchronized void write(char[] chars, int offset, int length) {
      text.append(chars, offset, length);
      notifyAll();
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    synchronized void end() {
      ended = true;
      notifyAll();
    }

    /**
     * The first match, waiting for it until {@code timeout} or the end of the run; null if none.
     */
    synchronized Matcher await(Pattern pattern, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        Matcher matcher = pattern.matcher(text.toString());
        if (matcher.find()) {
          return matcher;
        }
        long left = deadline - System.nanoTime();
        if (ended || left <= 0) {
          return null;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    }

    @Override
    public synchronized String toString() {
      return text.toString();
    }
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
