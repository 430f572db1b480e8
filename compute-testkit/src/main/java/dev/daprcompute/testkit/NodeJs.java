package dev.daprcompute.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Node.js for tests that run JavaScript: the JavaScript function SDK's {@code node --test} suites,
 * and installing pinned npm packages (such as {@code workerd}) into a build directory.
 *
 * <p>Without {@code node} (or {@code npm}) on the PATH, {@link #require} skips the calling test
 * visibly (a JUnit assumption); with the environment variable {@code CI=true} it fails instead,
 * because CI must run these tests. Every process has a deadline and is killed, with its children,
 * when it overruns. Output goes through files, so a chatty process can never block on a full pipe.
 * Thread-safe.
 */
public final class NodeJs {
  /** How much of a process's output a failure message shows. */
  private static final int MAX_SHOWN = 4_000;

  /** The registry every package of a committed lock must come from. */
  public static final String REGISTRY = "https://registry.npmjs.org/";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Object INSTALL_LOCK = new Object();

  private final Path node;
  private final Optional<Path> npm;

  private NodeJs(Path node, Optional<Path> npm) {
    this.node = node;
    this.npm = npm;
  }

  /**
   * Node (and npm, when {@code withNpm}), or a skipped test: an aborted assumption locally, a
   * failure when {@code CI=true}.
   *
   * @param purpose what needs Node, for the message ("the JavaScript SDK's tests")
   */
  public static NodeJs require(String purpose, boolean withNpm) {
    Optional<Path> node = onPath("node");
    Optional<Path> npm = onPath("npm");
    String missing = node.isEmpty() ? "node" : withNpm && npm.isEmpty() ? "npm" : null;
    if (missing != null) {
      String message =
          missing
              + " is not on the PATH, so "
              + purpose
              + " cannot run. Install Node.js 20 or newer.";
      if ("true".equals(System.getenv("CI"))) {
        fail(message + " They are required on CI (CI=true).");
      }
      Assumptions.abort(message + " Skipped here; on CI (CI=true) this fails.");
    }
    return new NodeJs(node.orElseThrow(), npm);
  }

  /** The {@code node} executable. */
  public Path node() {
    return node;
  }

  /** What a process did. */
  public record Result(int exitCode, String stdout, String stderr) {
    /** Both outputs, the end of each when long, for a failure message. */
    public String shown() {
      return "--- stdout ---\n" + tail(stdout) + "\n--- stderr ---\n" + tail(stderr);
    }
  }

  /**
   * Runs {@code node} with {@code arguments} in {@code directory}, {@code stdin} on its standard
   * input; fails the test when it does not finish within {@code timeout} (and kills it).
   */
  public Result node(List<String> arguments, Path directory, String stdin, Duration timeout) {
    List<String> command = new ArrayList<>();
    command.add(node.toString());
    command.addAll(arguments);
    return run(command, directory, stdin, timeout, Map.of());
  }

  /**
   * Installs the packages pinned by {@code packageJson} and the {@code package-lock.json} beside it
   * into {@code target} with {@code npm ci}: scripts off (nothing downloads behind npm's back),
   * from npm's cache when it can. Does nothing when {@code target} already holds an install of the
   * same lock. Refuses a lock with a package from anywhere but {@value #REGISTRY} or without an
   * integrity hash.
   *
   * @return {@code target}
   */
  public Path npmCi(Path packageJson, Path target, Duration timeout) throws IOException {
    Path npmPath =
        npm.orElseThrow(
            () -> new IllegalStateException("npm was not required: use require(..., true)"));
    Path lock = packageJson.resolveSibling("package-lock.json");
    checkLock(lock);
    String stamp = sha256(Files.readAllBytes(packageJson)) + sha256(Files.readAllBytes(lock));
    Path stampFile = target.resolve("node_modules/.dapr-compute-installed");
    synchronized (INSTALL_LOCK) {
      if (Files.isRegularFile(stampFile) && Files.readString(stampFile).equals(stamp)) {
        return target;
      }
      Files.createDirectories(target);
      Files.copy(packageJson, target.resolve("package.json"), StandardCopyOption.REPLACE_EXISTING);
      Files.copy(lock, target.resolve("package-lock.json"), StandardCopyOption.REPLACE_EXISTING);
      Result install =
          run(
              List.of(
                  npmPath.toString(),
                  "ci",
                  "--ignore-scripts",
                  "--no-audit",
                  "--no-fund",
                  "--prefer-offline",
                  "--loglevel=error"),
              target,
              "",
              timeout,
              Map.of("npm_config_update_notifier", "false"));
      if (install.exitCode() != 0) {
        fail(
            "npm ci failed in "
                + target
                + " with exit code "
                + install.exitCode()
                + "\n"
                + install.shown());
      }
      Files.writeString(stampFile, stamp);
      return target;
    }
  }

  /**
   * Throws unless every package of the lock comes from {@value #REGISTRY} (or names no source,
   * which means the configured registry) with an integrity hash.
   */
  public static void checkLock(Path lock) throws IOException {
    JsonNode packages = JSON.readTree(lock.toFile()).path("packages");
    List<String> problems = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = packages.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (entry.getKey().isEmpty()) {
        continue; // the project itself
      }
      JsonNode resolved = entry.getValue().get("resolved");
      if (resolved != null && !resolved.asText().startsWith(REGISTRY)) {
        problems.add(entry.getKey() + " resolves to " + resolved.asText());
      }
      if (!entry.getValue().path("integrity").asText().startsWith("sha512-")) {
        problems.add(entry.getKey() + " has no sha512 integrity");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          lock
              + ": "
              + String.join("; ", problems)
              + ". Regenerate the lock with 'npm install --package-lock-only' against "
              + REGISTRY);
    }
  }

  private static Result run(
      List<String> command,
      Path directory,
      String stdin,
      Duration timeout,
      Map<String, String> environment) {
    try {
      Path out = Files.createTempFile("node-out", ".txt");
      Path err = Files.createTempFile("node-err", ".txt");
      try {
        ProcessBuilder builder =
            new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        try (OutputStream input = process.getOutputStream()) {
          input.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
          // the process ended early; its exit code and output tell why
        }
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
          fail(
              String.join(" ", command)
                  + " did not finish within "
                  + timeout.toSeconds()
                  + " s and was killed\n"
                  + new Result(-1, Files.readString(out), Files.readString(err)).shown());
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command.get(0), e);
    }
  }

  private static String tail(String text) {
    return text.length() <= MAX_SHOWN ? text : "..." + text.substring(text.length() - MAX_SHOWN);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Optional<Path> onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    boolean windows =
        System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    List<String> names = windows ? List.of(program + ".cmd", program + ".exe") : List.of(program);
    return Stream.of(path.split(File.pathSeparator))
        .filter(dir -> !dir.isBlank())
        .flatMap(dir -> names.stream().map(name -> Path.of(dir, name)))
        .filter(Files::isRegularFile)
        .filter(Files::isExecutable)
        .findFirst();
  }
}
