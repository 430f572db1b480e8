package dev.daprcompute.cloudflare.workers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daprcompute.cloudflare.workers.workerd.WorkerdConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The jar ships exactly the jump worker's module graph, and its manifest tells the truth about it.
 */
class JumpWorkerBundleTest {
  private static final Pattern IMPORT =
      Pattern.compile("^\\s*(?:import|export)\\b[^'\"]*?from\\s+'\\./([^']+)'", Pattern.MULTILINE);
  private static final Pattern VERSION = Pattern.compile("const JUMP_WORKER_VERSION = '([^']+)';");
  private static final Pattern SDK = Pattern.compile("const JUMP_WORKER_SDK = '([^']+)';");

  private final JumpWorkerBundle bundle = JumpWorkerBundle.load();

  @Test
  void the_manifest_lists_exactly_the_modules_the_main_module_imports_transitively()
      throws IOException {
    Set<String> reached = new TreeSet<>();
    Deque<String> pending = new ArrayDeque<>();
    pending.add(bundle.mainModule());
    while (!pending.isEmpty()) {
      String module = pending.pop();
      if (!reached.add(module)) {
        continue;
      }
      Matcher imports = IMPORT.matcher(source(module));
      while (imports.find()) {
        pending.add(imports.group(1));
      }
    }
    assertThat(new TreeSet<>(bundle.modules().stream().map(WorkerdConfig.Module::name).toList()))
        .as("jump-worker.json 'modules' against the import graph of %s", bundle.mainModule())
        .isEqualTo(reached);
  }

  @Test
  void the_manifest_version_is_the_one_the_worker_reports() throws IOException {
    Matcher version = VERSION.matcher(source(bundle.mainModule()));
    assertThat(version.find()).as("jump-worker.js declares JUMP_WORKER_VERSION").isTrue();
    assertThat(bundle.version()).isEqualTo(version.group(1)).matches("\\d+\\.\\d+\\.\\d+");
  }

  @Test
  void the_manifest_sdk_name_is_the_one_the_worker_reports() throws IOException {
    Matcher sdk = SDK.matcher(source(bundle.mainModule()));
    assertThat(sdk.find()).as("jump-worker.js declares JUMP_WORKER_SDK").isTrue();
    assertThat(bundle.sdk()).isEqualTo(sdk.group(1));
  }

  @Test
  void the_sdk_modules_are_the_javascript_sdks_own_sources() throws IOException {
    Path sdk = Path.of(System.getProperty("basedir", ".")).resolve("../compute-function-js/src");
    for (WorkerdConfig.Module module : bundle.modules()) {
      if (!module.name().equals(bundle.mainModule())) {
        assertThat(new String(module.content(), StandardCharsets.UTF_8))
            .as(module.name())
            .isEqualTo(Files.readString(sdk.resolve(module.name())));
      }
    }
  }

  private static String source(String module) throws IOException {
    try (InputStream in = JumpWorkerBundle.resource(module)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
