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
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the JavaScript SDK's own tests ({@code test/*.test.js}) with {@code node --test}, one JUnit
 * test per file, so {@code mvn verify} runs them and reports each file. Skipped visibly without
 * Node; failing without Node on CI.
 */
@DisplayName("the JavaScript SDK's node --test suites")
class NodeTestSuiteTest {
  private static final Duration PER_FILE = Duration.ofSeconds(60);

  @TestFactory
  Stream<DynamicTest> node_test_suites() throws IOException {
    NodeJs node = NodeJs.require("the JavaScript SDK's tests (node --test)", false);
    Path basedir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    List<Path> files;
    try (Stream<Path> listing = Files.list(basedir.resolve("test"))) {
      files = listing.filter(p -> p.getFileName().toString().endsWith(".test.js")).sorted().toList();
    }
    if (files.isEmpty()) {
      throw new AssertionError("no test/*.test.js in " + basedir);
    }
    return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
      NodeJs.Result result = node.node(List.of("--test", "--test-reporter=spec", basedir.relativize(file).toString()),
          basedir, "", PER_FILE);
      assertEquals(0, result.exitCode(), () -> "node --test " + file.getFileName() + " failed\n" + result.shown());
    }));
  }
}
