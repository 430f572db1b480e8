package dev.daprcompute.cli;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The repository's own files, for tests that check README, docs, scripts and manifests against the
 * code.
 */
final class Repository {
  private Repository() {}

  /** The root of the clone (surefire passes it as {@code dapr.compute.root}). */
  static Path root() {
    String root = System.getProperty("dapr.compute.root");
    Path path = root != null ? Path.of(root) : Path.of("..");
    if (!Files.isRegularFile(path.resolve("pom.xml"))
        || !Files.isRegularFile(path.resolve("README.md"))) {
      fail("the repository root is not at " + path.toAbsolutePath() + " (set dapr.compute.root)");
    }
    return path.toAbsolutePath().normalize();
  }

  /** The build's version (surefire passes it as {@code dapr.compute.version}). */
  static String version() {
    String version = System.getProperty("dapr.compute.version");
    if (version == null) {
      fail("dapr.compute.version is not set: run the tests with Maven");
    }
    return version;
  }

  static String read(String relative) {
    try {
      return Files.readString(root().resolve(relative), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
