package dev.daprcompute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clone's {@code dapr-compute} script, run by {@code sh} in a copy of the clone whose {@code
 * mvn} and {@code java} are stand-ins that record how they were called.
 */
@DisplayName("The dapr-compute script")
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "a POSIX shell script")
class LauncherScriptTest {
  @TempDir Path dir;

  Path clone;
  Path jar;
  Path tools;
  Path javaHome;

  @BeforeEach
  void copyOfTheClone() throws Exception {
    clone = Files.createDirectories(dir.resolve("clone"));
    Path script = clone.resolve("dapr-compute");
    Files.copy(Repository.root().resolve("dapr-compute"), script);
    script.toFile().setExecutable(true);
    Files.writeString(clone.resolve("pom.xml"), "<project/>");
    jar = clone.resolve("compute-cli/target/dapr-compute.jar");
    tools = Files.createDirectories(dir.resolve("tools"));
    executable(
        tools.resolve("mvn"),
        """
        #!/bin/sh
        printf 'MAVEN_OPTS=%s\\nargs=%s\\n' "${MAVEN_OPTS:-}" "$*" > "$RECORD/mvn.txt"
        echo "[INFO] Maven's own output"
        mkdir -p compute-cli/target && echo jar > compute-cli/target/dapr-compute.jar
        """);
    javaHome = Files.createDirectories(dir.resolve("jdk"));
    executable(
        javaHome.resolve("bin/java"),
        """
        #!/bin/sh
        echo "java $*"
        echo "launcher $DAPR_COMPUTE_LAUNCHER"
        """);
  }

  @Test
  @DisplayName(
      "run through a symbolic link (as 'install' makes), finds its clone and tells the CLI where it is")
  void throughASymlink() throws Exception {
    Files.createDirectories(jar.getParent());
    Files.writeString(jar, "jar");
    Path bin = Files.createDirectories(dir.resolve("home/.local/bin"));
    Path link =
        Files.createSymbolicLink(bin.resolve("dapr-compute"), clone.resolve("dapr-compute"));
    // A relative link to that link, as a second hop.
    Path relative = Files.createSymbolicLink(dir.resolve("dc"), dir.relativize(link));

    for (Path command : List.of(link, relative)) {
      Result result = run(command, "version", "--output", "json");
      assertThat(result.exit()).as(result.toString()).isZero();
      assertThat(result.out())
          .contains("java -jar " + jar.toRealPath() + " version --output json")
          .contains("launcher " + clone.toRealPath().resolve("dapr-compute"));
      assertThat(Files.exists(dir.resolve("mvn.txt")))
          .as("no build: the jar is newer than the sources")
          .isFalse();
    }
  }

  @Test
  @DisplayName(
      "builds the missing jar quietly: Maven's output on stderr, no colour and no reset codes")
  void buildsWithoutEscapeCodes() throws Exception {
    Result result = run(clone.resolve("dapr-compute"), "demo");

    assertThat(result.exit()).as(result.toString()).isZero();
    String mvn = Files.readString(dir.resolve("mvn.txt"));
    assertThat(mvn)
        .contains("MAVEN_OPTS= -Djansi.noreset=true")
        .contains("args=-B -q -Dstyle.color=never -DskipTests -pl compute-cli -am package");
    assertThat(result.out())
        .isEqualTo(
            "java -jar "
                + jar.toRealPath()
                + " demo\nlauncher "
                + clone.toRealPath().resolve("dapr-compute")
                + "\n");
    assertThat(result.err())
        .contains("building compute-cli/target/dapr-compute.jar")
        .contains("Maven's own output");
  }

  private record Result(int exit, String out, String err) {}

  private Result run(Path command, String... args) throws Exception {
    List<String> line = new java.util.ArrayList<>(List.of("sh", command.toString()));
    line.addAll(List.of(args));
    Map<String, String> env =
        Map.of(
            "PATH",
            tools + ":/usr/bin:/bin",
            "JAVA_HOME",
            javaHome.toString(),
            "RECORD",
            dir.toString(),
            "MAVEN_OPTS",
            "");
    try (CliProcess process = CliProcess.start(line, dir, env)) {
      int exit = process.waitFor(Duration.ofSeconds(30));
      return new Result(exit, process.out(), process.err());
    }
  }

  private static void executable(Path file, String text) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
    file.toFile().setExecutable(true);
  }
}
