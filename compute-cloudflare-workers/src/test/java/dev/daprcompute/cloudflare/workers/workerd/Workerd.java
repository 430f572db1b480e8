package dev.daprcompute.cloudflare.workers.workerd;

import dev.daprcompute.testkit.NodeJs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Real {@code workerd} (Cloudflare's Workers runtime) running a {@link WorkerdConfig} on free
 * loopback ports, for tests. {@link #start} installs the pinned npm package {@code workerd} into
 * {@code target/workerd-npm} on first use (from {@code src/test/workerd/package-lock.json}), writes
 * the configuration to a temporary directory, starts the binary and returns once workerd reports
 * (on its control channel) that every exposed service listens. {@link #close} stops it (and kills
 * it when it lingers) and deletes the directory; a JVM shutdown hook does the same should a test
 * never reach close.
 *
 * <p>Without Node and npm (needed to install workerd) {@link #start} skips the test visibly; with
 * {@code CI=true} it fails instead. A start that fails shows workerd's own error output.
 * Thread-safe.
 */
public final class Workerd implements AutoCloseable {
  /** How long a start may take, install excluded. */
  public static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
  private static final Pattern LISTEN =
      Pattern.compile("\\{\"event\":\"listen\",\"socket\":\"([^\"]+)\",\"port\":(\\d+)");
  private static final int MAX_SHOWN = 4_000;

  private final Process process;
  private final Path directory;
  private final Map<String, Integer> ports = new ConcurrentHashMap<>();
  private final Thread shutdownHook;

  private Workerd(Process process, Path directory) {
    this.process = process;
    this.directory = directory;
    this.shutdownHook = new Thread(this::stop, "workerd-stop-" + process.pid());
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts workerd with {@code config} and returns once every exposed service listens. Ports are
   * workerd's own choice (port 0), reported on its control channel, so they can never be taken by
   * someone else between choosing and binding.
   *
   * @throws IllegalStateException when workerd does not start (bad configuration, a module that
   *     throws at startup...): the message holds workerd's error output
   */
  public static Workerd start(WorkerdConfig config) throws IOException {
    Path binary = binary();
    Path directory = Files.createTempDirectory("workerd");
    Path configFile = config.write(directory);
    Process process =
        new ProcessBuilder(
                binary.toString(), "serve", configFile.getFileName().toString(), "--control-fd=1")
            .directory(directory.toFile())
            .redirectOutput(directory.resolve("stdout.txt").toFile())
            .redirectError(directory.resolve("stderr.txt").toFile())
            .start();
    Workerd workerd = new Workerd(process, directory);
    try {
      workerd.awaitListening(config.exposed());
      return workerd;
    } catch (RuntimeException e) {
      workerd.close();
      throw e;
    }
  }

  /** The base URL of exposed service {@code service}: {@code http://127.0.0.1:<port>}. */
  public URI url(String service) {
    Integer port = ports.get(service);
    if (port == null) {
      throw new IllegalArgumentException(
          "service '" + service + "' is not exposed; exposed: " + ports.keySet());
    }
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Whether the process is running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** The process id, for tests of stopping. */
  public long pid() {
    return process.pid();
  }

  /**
   * What workerd wrote to stderr so far (its errors, and the workers' console output), the end when
   * long.
   */
  public String stderr() {
    try {
      Path file = directory.resolve("stderr.txt");
      String text = Files.exists(file) ? Files.readString(file) : "";
      return text.length() <= MAX_SHOWN ? text : "..." + text.substring(text.length() - MAX_SHOWN);
    } catch (IOException e) {
      return "(stderr unreadable: " + e.getMessage() + ")";
    }
  }

  /** Stops workerd (killing it when it does not stop in 5 s) and deletes its files. Idempotent. */
  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down; the hook runs stop() itself
    }
  }

  private void stop() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    deleteDirectory();
  }

  /**
   * Reads workerd's control messages ({@code {"event":"listen","socket":..,"port":..}}) until every
   * socket listens.
   */
  private void awaitListening(List<String> sockets) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    Path control = directory.resolve("stdout.txt");
    while (!ports.keySet().containsAll(sockets)) {
      try {
        for (String line : Files.readAllLines(control)) {
          Matcher listen = LISTEN.matcher(line);
          if (listen.find()) {
            ports.put(listen.group(1), Integer.parseInt(listen.group(2)));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (ports.keySet().containsAll(sockets)) {
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "workerd exited with code "
                + process.exitValue()
                + " before serving "
                + sockets
                + ":\n"
                + stderr());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "workerd did not serve "
                + sockets
                + " within "
                + START_TIMEOUT.toSeconds()
                + " s:\n"
                + stderr());
      }
      try {
        Thread.sleep(10); // the control messages arrive in a file: poll it, up to the deadline
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for workerd", e);
      }
    }
  }

  private void deleteDirectory() {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files
          .sorted(Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.deleteIfExists(path);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException | UncheckedIOException e) {
      // a temporary directory left behind is not worth failing a test for
    }
  }

  /**
   * The workerd binary, installed with {@code npm ci} on first use: the platform package's binary
   * itself ({@code @cloudflare/workerd-linux-64}, ...), not npm's Node wrapper, so a start costs no
   * Node startup.
   */
  public static Path binary() throws IOException {
    Path basedir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    NodeJs node = NodeJs.require("the tests in real workerd (workerd installs from npm)", true);
    Path modules =
        node.npmCi(
                basedir.resolve("src/test/workerd/package.json"),
                basedir.resolve("target/workerd-npm"),
                INSTALL_TIMEOUT)
            .resolve("node_modules");
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String platform =
        (os.contains("win") ? "windows" : os.contains("mac") ? "darwin" : "linux")
            + "-"
            + (arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : "64");
    Path binary =
        modules.resolve(
            "@cloudflare/workerd-"
                + platform
                + "/bin/workerd"
                + (os.contains("win") ? ".exe" : ""));
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          "no workerd binary for "
              + platform
              + " at "
              + binary
              + "; workerd publishes linux-64, linux-arm64, darwin-64, darwin-arm64 and windows-64");
    }
    return binary;
  }
}
