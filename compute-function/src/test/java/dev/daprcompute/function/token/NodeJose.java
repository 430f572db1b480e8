package dev.daprcompute.function.token;

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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the scripts in {@code src/test/js} (jose@6 on Node) from a copy under {@code target/}, so
 * {@code node_modules} never lands in the sources. Installs with {@code npm ci} once. Every process
 * has a bounded timeout and is destroyed when it overruns. Keys and tokens go through stdin and
 * stdout, never argv, and never into test output.
 *
 * <p>Without {@code node} or {@code npm} on the PATH the tests are skipped, visibly; with the
 * environment variable {@code CI=true} they fail instead, because CI must run them.
 */
final class NodeJose {
  private NodeJose() {}

  static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(4);
  static final Duration RUN_TIMEOUT = Duration.ofSeconds(30);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> FILES =
      List.of("package.json", "package-lock.json", "io.mjs", "sign.mjs", "verify.mjs");
  private static final int MAX_SHOWN_STDERR = 2_000;

  private static Path node;
  private static Path project;

  /** Makes sure Node and jose are ready; skips (or, on CI, fails) when Node is missing. */
  static synchronized void setUp() throws IOException, InterruptedException {
    if (project != null) {
      return;
    }
    Optional<Path> nodeOnPath = onPath("node");
    Optional<Path> npmOnPath = onPath("npm");
    if (nodeOnPath.isEmpty() || npmOnPath.isEmpty()) {
      String missing = nodeOnPath.isEmpty() ? "node" : "npm";
      String message =
          missing
              + " is not on the PATH: the cross-language token tests (Java <-> jose) cannot run."
              + " Install Node.js 20 or newer.";
      if ("true".equals(System.getenv("CI"))) {
        fail(message + " They are required on CI (CI=true).");
      }
      Assumptions.abort(message + " Skipped here; on CI (CI=true) this fails.");
    }
    Path basedir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    Path source = basedir.resolve("src/test/js");
    Path target = basedir.resolve("target/jose-interop");
    Files.createDirectories(target);
    for (String file : FILES) {
      Files.copy(source.resolve(file), target.resolve(file), StandardCopyOption.REPLACE_EXISTING);
    }
    if (!Files.exists(target.resolve("node_modules/jose/package.json"))) {
      Result install =
          run(
              List.of(npmOnPath.get().toString(), "ci", "--no-audit", "--no-fund"),
              target,
              "",
              INSTALL_TIMEOUT);
      if (install.exitCode() != 0) {
        fail(
            "npm ci failed in "
                + target
                + " with exit code "
                + install.exitCode()
                + ":\n"
                + install.stderr());
      }
    }
    node = nodeOnPath.get();
    project = target;
  }

  /** Runs {@code script} with {@code request} as JSON on stdin; its stdout as JSON. */
  static JsonNode run(String script, Map<String, ?> request)
      throws IOException, InterruptedException {
    Result result =
        run(
            List.of(node.toString(), script),
            project,
            JSON.writeValueAsString(request),
            RUN_TIMEOUT);
    if (result.exitCode() != 0) {
      fail(
          "node "
              + script
              + " failed with exit code "
              + result.exitCode()
              + ":\n"
              + result.stderr());
    }
    return JSON.readTree(result.stdout());
  }

  private record Result(int exitCode, String stdout, String stderr) {}

  private static Result run(List<String> command, Path directory, String stdin, Duration timeout)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(directory, "out", ".txt");
    Path err = Files.createTempFile(directory, "err", ".txt");
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      try (OutputStream input = process.getOutputStream()) {
        input.write(stdin.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // the process ended early; its exit code and stderr tell why
      }
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        fail(
            String.join(" ", command.subList(0, Math.min(2, command.size())))
                + " did not finish within "
                + timeout.toSeconds()
                + " s and was killed");
      }
      String stderr = Files.readString(err);
      if (stderr.length() > MAX_SHOWN_STDERR) {
        stderr = "..." + stderr.substring(stderr.length() - MAX_SHOWN_STDERR);
      }
      return new Result(process.exitValue(), Files.readString(out), stderr);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static Optional<Path> onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    boolean windows =
        System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
    List<String> names = windows ? List.of(program + ".cmd", program + ".exe") : List.of(program);
    return Stream.of(path.split(File.pathSeparator))
        .filter(dir -> !dir.isBlank())
        .flatMap(dir -> names.stream().map(name -> Path.of(dir, name)))
        .filter(Files::isRegularFile)
        .filter(Files::isExecutable)
        .findFirst();
  }
}
