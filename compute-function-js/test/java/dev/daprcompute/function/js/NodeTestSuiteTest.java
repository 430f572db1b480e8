package dev.daprcompute.function.js;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.daprcompute.testkit.NodeJs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the JavaScript SDK's own tests ({@code test/*.test.js}) with {@code node --test}, one JUnit
 * test per file, so {@code mvn verify} runs them and reports each file. Without Node each file is a
 * skipped test (visible in the counts); with {@code CI=true} a failure.
 */
@DisplayName("the JavaScript SDK's node --test suites")
class NodeTestSuiteTest {
  private static final Duration PER_FILE = Duration.ofSeconds(60);
  private static final Path BASEDIR = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();

  static List<String> files() throws IOException {
    try (Stream<Path> listing = Files.list(BASEDIR.resolve("test"))) {
      List<String> files =
          listing
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".test.js"))
              .sorted()
              .toList();
      if (files.isEmpty()) {
        throw new AssertionError("no test/*.test.js in " + BASEDIR);
      }
      return files;
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void node_test(String file) {
    NodeJs node = NodeJs.require("the JavaScript SDK's tests (node --test)", false);
    NodeJs.Result result =
        node.node(List.of("--test", "--test-reporter=spec", "test/" + file), BASEDIR, "", PER_FILE);
    assertEquals(
        0, result.exitCode(), () -> "node --test test/" + file + " failed\n" + result.shown());
  }
}
