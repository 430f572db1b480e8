package dev.daprcompute.cloudflare.workers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.daprcompute.cloudflare.workers.workerd.WorkerdConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The jump worker as the jar ships it: {@code jump-worker.json} (version, main module,
 * compatibility date, the modules to upload and the binding names) and its modules, read from the
 * classpath. What the provider will upload, in the test's hands.
 */
record JumpWorkerBundle(String version, String mainModule, String compatibilityDate, List<WorkerdConfig.Module> modules,
    String publicKeysBinding, String audienceBinding, String targetBinding, String inputBindingsBinding) {

  static final String RESOURCES = "/dev/daprcompute/cloudflare/workers/jump-worker/";

  static JumpWorkerBundle load() {
    JsonNode manifest;
    try (InputStream in = resource("jump-worker.json")) {
      manifest = new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<WorkerdConfig.Module> modules = new ArrayList<>();
    for (JsonNode name : manifest.get("modules")) {
      try (InputStream in = resource(name.asText())) {
        modules.add(new WorkerdConfig.Module(name.asText(), WorkerdConfig.ModuleType.ES_MODULE, in.readAllBytes()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    JsonNode bindings = manifest.get("bindings");
    return new JumpWorkerBundle(manifest.get("version").asText(), manifest.get("main_module").asText(),
        manifest.get("compatibility_date").asText(), List.copyOf(modules), bindings.get("publicKeys").asText(),
        bindings.get("audience").asText(), bindings.get("target").asText(), bindings.get("inputBindings").asText());
  }

  /** The jump worker with {@code bindings}: its main module first, as workerd wants it. */
  WorkerdConfig.Worker worker(List<WorkerdConfig.Binding> bindings) {
    List<WorkerdConfig.Module> ordered = new ArrayList<>();
    modules.stream().filter(m -> m.name().equals(mainModule)).forEach(ordered::add);
    modules.stream().filter(m -> !m.name().equals(mainModule)).forEach(ordered::add);
    return WorkerdConfig.Worker.of(ordered, compatibilityDate, bindings);
  }

  static InputStream resource(String name) {
    InputStream in = JumpWorkerBundle.class.getResourceAsStream(RESOURCES + name);
    if (in == null) {
      throw new IllegalStateException("classpath resource " + RESOURCES + name + " is missing: the build copies the"
          + " SDK modules from compute-function-js/src; run the build through Maven");
    }
    return in;
  }
}
