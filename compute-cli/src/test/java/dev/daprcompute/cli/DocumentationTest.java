package dev.daprcompute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.api.observation.ComputeObservation;
import dev.daprcompute.function.FunctionRouter;
import dev.daprcompute.testkit.ReferenceFunction;
import io.micrometer.common.docs.KeyName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What README.md and docs/ say, checked against the build and the code. */
@DisplayName("The documentation")
class DocumentationTest {

  @Test
  @DisplayName(
      "One version everywhere: the build's, in the CLI, the function SDK, the reference function and the docs")
  void oneVersion() {
    String version = Repository.version();
    assertThat(Version.VERSION).isEqualTo(version);
    assertThat(FunctionRouter.SDK_VERSION).isEqualTo(version);
    assertThat(ReferenceFunction.VERSION).isEqualTo(version);
    Cli.Result printed = Cli.run("version", "-o", "json");
    assertThat(printed.json().path("version").asText()).isEqualTo(version);
    assertThat(printed.json().path("sdkVersion").asText()).isEqualTo(version);
    assertThat(Cli.run("version").out())
        .startsWith(
            "dapr-compute " + version + "\nfunction SDK: dapr-compute-java " + version + "\n");

    List<String> found = new ArrayList<>();
    for (Path file : documents()) {
      String text = read(file);
      // Info documents, Maven coordinates and image tags: what a reader copies.
      for (Pattern pattern :
          List.of(
              Pattern.compile("\"version\":\\s*\"([^\"]+)\""),
              Pattern.compile(
                  "<artifactId>compute-[a-z-]+</artifactId>\\s*<version>([^<]+)</version>"),
              Pattern.compile("dapr-compute:([0-9][^\\s\"'`]*)"),
              Pattern.compile("minVersion[^\\n]*\\n?\\s*value:\\s*([0-9][^\\s]*)"))) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
          found.add(Repository.root().relativize(file) + ": " + m.group(1));
          assertThat(m.group(1)).as("%s: %s", file, m.group()).isEqualTo(version);
        }
      }
    }
    assertThat(found).as("versions found in the docs").isNotEmpty();
  }

  @Test
  @DisplayName(
      "Every init check name the code reports is documented, in docs/protocol.md and in check's help")
  void checkNames() throws IOException {
    Set<String> names = new TreeSet<>();
    Pattern reported =
        Pattern.compile(
            // \\s*: the formatter may break a call after its parenthesis.
            "InitCheck\\.(?:passed|failed|skipped|warning)\\(\\s*\"(\\w+)\"|ComputeInitException\\(\\s*\"(\\w+)\""
                + "|stage = \"(\\w+)\"|String CHECK_\\w+ = \"(\\w+)\"");
    for (String module :
        List.of(
            "compute-api",
            "compute-aws-lambda",
            "compute-azure-functions",
            "compute-cloudflare-workers",
            "compute-openfaas")) {
      try (Stream<Path> sources =
          Files.walk(Repository.root().resolve(module).resolve("src/main/java"))) {
        for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
          Matcher m = reported.matcher(read(source));
          while (m.find()) {
            names.add(
                m.group(1) != null
                    ? m.group(1)
                    : m.group(2) != null
                        ? m.group(2)
                        : m.group(3) != null ? m.group(3) : m.group(4));
          }
        }
      }
    }
    assertThat(names)
        .contains(
            "platform",
            "deployed",
            "auth",
            "protocol",
            "version",
            "credentials",
            "invokePermission",
            "functionState",
            "hostStatus",
            "functionStatus",
            "script",
            "jumpWorker",
            "workersDev",
            "ready");
    String protocol = Repository.read("docs/protocol.md");
    String help = Cli.run("check", "--help").out().replaceAll("\\s+", " ");
    for (String name : names) {
      assertThat(protocol).as("docs/protocol.md's table of checks").contains("| `" + name + "` |");
      assertThat(help).as("check --help").contains(name);
    }
  }

  @Test
  @DisplayName(
      "docs/observability.md names every observation, its Prometheus metrics, every key and reason, and"
          + " serve's metrics flags")
  void metricNames() {
    String doc = Repository.read("docs/observability.md");
    for (ComputeObservation observation : ComputeObservation.values()) {
      String name = observation.getName();
      assertThat(doc).contains("| `" + name + "` |");
      String prometheus = name.replace('.', '_') + "_seconds";
      assertThat(doc)
          .contains(
              "`" + prometheus + "_count`",
              "`" + prometheus + "_sum`",
              "`" + prometheus + "_bucket`",
              "`" + prometheus + "_max`",
              "`" + name.replace('.', '_') + "_active_seconds_count`");
      for (KeyName key : observation.getLowCardinalityKeyNames()) {
        assertThat(doc).contains("| `" + key.asString() + "` |");
      }
    }
    for (ComputeUnavailableException.Reason reason : ComputeUnavailableException.Reason.values()) {
      assertThat(doc).contains("`" + reason.name() + "`");
    }
    assertThat(doc).contains("`--metrics-port", "`--metrics-bind-address", MetricsEndpoint.PATH);
    String help = Cli.run("serve", "--help").out();
    assertThat(help).contains("--metrics-port", "--metrics-bind-address", "docs/observability.md");
    assertThat(Repository.read("README.md")).contains("`docs/observability.md`");
  }

  @Test
  @DisplayName(
      "After the install step, the docs spell the command 'dapr-compute', never './dapr-compute'")
  void oneSpelling() {
    for (Path file : documents()) {
      String text = read(file);
      Matcher m = Pattern.compile("\\./dapr-compute(?: (\\w+))?").matcher(text);
      while (m.find()) {
        boolean setUp =
            "install".equals(m.group(1))
                || file.getFileName().toString().equals("README.md") && "demo".equals(m.group(1));
        assertThat(setUp)
            .as(
                "%s: '%s' (only README's set-up runs ./dapr-compute, before the install step)",
                file, m.group())
            .isTrue();
      }
    }
    String readme = Repository.read("README.md");
    assertThat(readme).contains("./dapr-compute install");
    assertThat(readme.indexOf("./dapr-compute install"))
        .isLessThan(readme.indexOf("dapr-compute serve --resources-path"));
  }

  @Test
  @DisplayName(
      "Key files the docs read are ones keygen writes: <name>-public.pem, never public.pem")
  void keyFileNames() {
    Pattern read = Pattern.compile("\\$\\(cat ([^)\\s]+)\\)");
    List<String> files = new ArrayList<>();
    for (Path file : documents()) {
      Matcher m = read.matcher(read(file));
      while (m.find()) {
        String name = Path.of(m.group(1)).getFileName().toString();
        files.add(name);
        assertThat(name)
            .as("%s: %s", file, m.group())
            .matches("[\\w.-]+-(private\\.pem|public\\.pem|public\\.jwk\\.json" + "|jwks\\.json)");
      }
    }
    assertThat(files).as("keys read with $(cat ...)").isNotEmpty();
  }

  /** README.md, docs/*.md and deploy/ files. */
  static List<Path> documents() {
    Path root = Repository.root();
    List<Path> files = new ArrayList<>(List.of(root.resolve("README.md")));
    for (String dir : List.of("docs", "deploy")) {
      try (Stream<Path> walk = Files.walk(root.resolve(dir))) {
        walk.filter(Files::isRegularFile).sorted().forEach(files::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return files;
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
