package dev.daprcompute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("dapr-compute install")
class InstallCommandTest {
  @TempDir Path dir;

  Path home;
  Path launcher;
  Path bin;

  @BeforeEach
  void aClone() throws Exception {
    home = Files.createDirectories(dir.resolve("home"));
    launcher =
        Files.writeString(
            Files.createDirectories(dir.resolve("clone")).resolve("dapr-compute"), "#!/bin/sh\n");
    bin = home.resolve(".local").resolve("bin");
  }

  @Test
  @DisplayName("links ~/.local/bin/dapr-compute to the clone's script, and again without complaint")
  void linksTheScript() throws Exception {
    Map<String, String> env =
        Map.of(
            "HOME",
            home.toString(),
            InstallCommand.LAUNCHER,
            launcher.toString(),
            "PATH",
            "/usr/bin:" + bin);
    Cli.Result result = Cli.run(env, "install");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    Path command = bin.resolve("dapr-compute");
    assertThat(Files.isSymbolicLink(command)).isTrue();
    assertThat(Files.readSymbolicLink(command)).isEqualTo(launcher);
    assertThat(result.out())
        .contains("installed " + command)
        .contains("run 'dapr-compute version'");
    assertThat(result.err()).isEmpty();

    assertThat(Cli.run(env, "install").exitCode()).isZero();
    assertThat(Files.readSymbolicLink(command)).isEqualTo(launcher);
  }

  @Test
  @DisplayName("says how to put the directory on PATH when it is not")
  void notOnPath() {
    Path elsewhere = dir.resolve("tools");
    Cli.Result result =
        Cli.run(
            Map.of(InstallCommand.LAUNCHER, launcher.toString(), "PATH", "/usr/bin"),
            "install",
            "--dir",
            elsewhere.toString());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(Files.isSymbolicLink(elsewhere.resolve("dapr-compute"))).isTrue();
    assertThat(result.err())
        .contains(elsewhere + " is not on your PATH")
        .contains("export PATH=\"" + elsewhere + ":$PATH\"");
  }

  @Test
  @DisplayName("refuses to replace another dapr-compute without --force, and replaces it with it")
  void existingCommand() throws Exception {
    Files.createDirectories(bin);
    Files.writeString(bin.resolve("dapr-compute"), "something else");
    Map<String, String> env =
        Map.of("HOME", home.toString(), InstallCommand.LAUNCHER, launcher.toString());

    Cli.Result refused = Cli.run(env, "install");
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).contains("already exists").contains("--force");
    assertThat(Files.readString(bin.resolve("dapr-compute"))).isEqualTo("something else");

    assertThat(Cli.run(env, "install", "--force").exitCode()).isZero();
    assertThat(Files.readSymbolicLink(bin.resolve("dapr-compute"))).isEqualTo(launcher);
  }

  @Test
  @DisplayName("run from neither the script nor a jar, says how to run it")
  void neitherScriptNorJar() {
    Cli.Result result = Cli.run(Map.of("HOME", home.toString()), "install");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("'./dapr-compute install'");
  }
}
