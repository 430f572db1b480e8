package dev.daprcompute.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar as a real process: runs in the integration-test phase (failsafe), after the
 * package phase built the jar, whose path failsafe passes as {@code dapr.compute.jar}.
 */
@DisplayName("The executable jar")
class DaprComputeJarIT {
  @TempDir Path dir;

  @Test
  @DisplayName(
      "java -jar dapr-compute.jar demo runs every operation as a separate process and exits 0")
  void demo() throws Exception {
    Run run = run("demo", "--output", "json");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    JsonNode json = Cli.parse(run.out());
    assertThat(json.path("ok").asBoolean()).as(run.toString()).isTrue();
    assertThat(json.path("rows").size()).isGreaterThanOrEqualTo(DemoCommandTest.OPERATIONS.size());
    assertThat(run.err()).contains("[compute.http] init");
  }

  @Test
  @DisplayName("A configuration error exits 2 with one line on stderr and no stack trace")
  void configurationError() throws Exception {
    Run run = run("check", "--resources-path", dir.resolve("nowhere").toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .startsWith("dapr-compute check: ")
        .contains("nowhere")
        .doesNotContain("\tat ");
  }

  @Test
  @DisplayName(
      "java -jar dapr-compute.jar install writes a command that runs the jar; version prints the build's")
  void installFromTheJar() throws Exception {
    Path bin = dir.resolve("bin");
    Run install = run("install", "--dir", bin.toString());
    assertThat(install.exitCode()).as(install.toString()).isZero();
    Path command = bin.resolve("dapr-compute");
    assertThat(Files.readString(command))
        .contains("-jar '" + Path.of(System.getProperty("dapr.compute.jar")).toAbsolutePath());

    Process version =
        new ProcessBuilder("sh", command.toString(), "version").redirectErrorStream(true).start();
    try {
      assertThat(version.waitFor(50, TimeUnit.SECONDS)).isTrue();
      String out = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(version.exitValue()).as(out).isZero();
      assertThat(out)
          .startsWith(
              "dapr-compute "
                  + Version.VERSION
                  + "\nfunction SDK: dapr-compute-java "
                  + Version.VERSION
                  + "\n");
    } finally {
      version.destroyForcibly();
    }
  }

  private record Run(int exitCode, String out, String err) {}

  private Run run(String... args) throws Exception {
    String jar = System.getProperty("dapr.compute.jar");
    Assumptions.assumeTrue(
        jar != null,
        "dapr.compute.jar is not set: run with 'mvn verify' (failsafe), after package");
    if (!Files.isRegularFile(Path.of(jar))) {
      fail("the package phase did not build " + jar);
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
    command.addAll(List.of(args));
    File out = dir.resolve("out.txt").toFile();
    File err = dir.resolve("err.txt").toFile();
    Process process = new ProcessBuilder(command).redirectOutput(out).redirectError(err).start();
    try {
      if (!process.waitFor(50, TimeUnit.SECONDS)) {
        fail("dapr-compute " + String.join(" ", args) + " did not finish in 50 s");
      }
    } finally {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    return new Run(
        process.exitValue(),
        Files.readString(out.toPath(), StandardCharsets.UTF_8),
        Files.readString(err.toPath(), StandardCharsets.UTF_8));
  }
}
