package dev.daprcompute.cli;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real process (the CLI in its own JVM, or a shell running it), for what only a process shows:
 * signals, exit codes, the working directory. Output is collected as it comes; every wait is
 * bounded; {@link #close()} kills the process and everything it started.
 */
final class CliProcess implements AutoCloseable {
  private final Process process;
  private final String description;
  private final StringBuffer out = new StringBuffer();
  private final StringBuffer err = new StringBuffer();
  private final List<Thread> pumps;

  private CliProcess(Process process, String description) {
    this.process = process;
    this.description = description;
    this.pumps =
        List.of(
            pump(process.getInputStream(), out, "stdout"),
            pump(process.getErrorStream(), err, "stderr"));
  }

  /** {@code java -cp <this test's classpath> dev.daprcompute.cli.DaprCompute args...}. */
  static List<String> javaCommand(String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                java(), "-cp", System.getProperty("java.class.path"), DaprCompute.class.getName()));
    command.addAll(List.of(args));
    return command;
  }

  /** The java executable running this test. */
  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * A directory holding a {@code dapr-compute} script that runs the CLI from this test's classpath,
   * to put first on a shell's PATH.
   */
  static Path commandDirectory(Path parent) throws IOException {
    Path bin = Files.createDirectories(parent.resolve("bin"));
    Path script = bin.resolve("dapr-compute");
    Files.writeString(
        script,
        "#!/bin/sh\nexec '"
            + java()
            + "' -cp '"
            + System.getProperty("java.class.path")
            + "' "
            + DaprCompute.class.getName()
            + " \"$@\"\n",
        StandardCharsets.UTF_8);
    script.toFile().setExecutable(true);
    return bin;
  }

  static CliProcess start(
      List<String> command, Path workingDirectory, Map<String, String> environment)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
    builder.environment().putAll(environment);
    builder.redirectInput(ProcessBuilder.Redirect.PIPE);
    Process process = builder.start();
    process.getOutputStream().close();
    return new CliProcess(process, String.join(" ", command));
  }

  String out() {
    return out.toString();
  }

  String err() {
    return err.toString();
  }

  /** Waits until stdout has a line matching {@code line}, and returns it. */
  String awaitOut(Predicate<String> line, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (String l : out().lines().toList()) {
        if (line.test(l)) {
          return l;
        }
      }
      if (!process.isAlive()) {
        // Read what the process wrote before it ended, then look once more.
        drained();
        for (String l : out().lines().toList()) {
          if (line.test(l)) {
            return l;
          }
        }
        fail(
            "the process ended (exit "
                + process.exitValue()
                + ") without the line expected\n"
                + this);
      }
      Thread.sleep(20);
    }
    return fail("no such line on stdout within " + timeout + "\n" + this);
  }

  /** Sends {@code signal} (INT, TERM) to the JVM: the process itself, or the java it started. */
  void signal(String signal) throws IOException, InterruptedException {
    long pid =
        process
            .descendants()
            .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false))
            .map(ProcessHandle::pid)
            .findFirst()
            .orElse(process.pid());
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      fail("kill -" + signal + " " + pid + " failed");
    }
  }

  /** The exit code, waiting at most {@code timeout}. */
  int waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      fail("the process did not end within " + timeout + "\n" + this);
    }
    drained();
    return process.exitValue();
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return description + "\n--- stdout\n" + out() + "--- stderr\n" + err();
  }

  /** Waits (bounded) until the output of the ended process has been read to its end. */
  private void drained() throws InterruptedException {
    for (Thread pump : pumps) {
      pump.join(5000);
    }
  }

  private static Thread pump(InputStream stream, StringBuffer into, String name) {
    Thread pump =
        new Thread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                  into.append(line).append('\n');
                }
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            "cli-process-" + name);
    pump.setDaemon(true);
    pump.start();
    return pump;
  }
}
