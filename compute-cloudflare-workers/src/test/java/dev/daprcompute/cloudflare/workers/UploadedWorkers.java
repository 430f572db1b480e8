package dev.daprcompute.cloudflare.workers;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.daprcompute.cloudflare.workers.workerd.WorkerdConfig;
import dev.daprcompute.cloudflare.workers.workerd.WorkerdConfig.Binding;
import dev.daprcompute.cloudflare.workers.workerd.WorkerdConfig.ModuleType;
import dev.daprcompute.protocol.internal.Json;
import dev.daprcompute.testkit.CloudflareWorkersFake.WorkerBinding;
import dev.daprcompute.testkit.CloudflareWorkersFake.WorkerModule;
import dev.daprcompute.testkit.CloudflareWorkersFake.WorkerScript;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Workers for the tests in real workerd: the sample user's worker, and a script as the fake
 * Cloudflare received it (its upload's modules and bindings) turned into a workerd worker, so what
 * the provider would deploy is what runs.
 */
final class UploadedWorkers {
  private UploadedWorkers() {}

  /** The sample user's worker: an ordinary Dapr HTTP app (target-worker.js). */
  static WorkerdConfig.Module targetModule() {
    try (InputStream in =
        UploadedWorkers.class.getResourceAsStream(
            "/dev/daprcompute/cloudflare/workers/target-worker/target-worker.js")) {
      return new WorkerdConfig.Module("target-worker.js", ModuleType.ES_MODULE, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The sample user's worker as a workerd worker. */
  static WorkerdConfig.Worker targetWorker() {
    return WorkerdConfig.Worker.of(
        List.of(targetModule()), JumpWorker.bundled().compatibilityDate(), List.of());
  }

  /**
   * {@code script} as workerd runs it: its modules (the main one first), typed by their parts'
   * content types as Cloudflare types them, its compatibility date and flags, and its bindings
   * ({@code plain_text} and {@code secret_text} as text, {@code json} as JSON, {@code service} as a
   * binding to the workerd service of that name).
   *
   * @throws IllegalArgumentException for a part or binding type Cloudflare's upload would take but
   *     these tests do not model
   */
  static WorkerdConfig.Worker asWorkerd(WorkerScript script) {
    List<WorkerdConfig.Module> modules = new ArrayList<>();
    modules.add(module(script.main()));
    script.modules().stream()
        .filter(m -> !m.name().equals(script.mainModule()))
        .map(UploadedWorkers::module)
        .forEach(modules::add);
    List<Binding> bindings = new ArrayList<>();
    for (WorkerBinding binding : script.bindings()) {
      bindings.add(
          switch (binding.type()) {
            case "plain_text", "secret_text" ->
                Binding.text(binding.name(), binding.text().orElseThrow());
            case "json" -> Binding.json(binding.name(), json(binding.definition().get("json")));
            case "service" ->
                Binding.service(binding.name(), (String) binding.definition().get("service"));
            default ->
                throw new IllegalArgumentException(
                    "binding "
                        + binding.name()
                        + " of type "
                        + binding.type()
                        + " is not modelled by these tests");
          });
    }
    return new WorkerdConfig.Worker(
        modules, script.compatibilityDate(), script.compatibilityFlags(), bindings);
  }

  private static WorkerdConfig.Module module(WorkerModule module) {
    String type = module.contentType().toLowerCase(Locale.ROOT);
    ModuleType kind;
    if (type.startsWith("application/javascript+module")) {
      kind = ModuleType.ES_MODULE;
    } else if (type.startsWith("application/javascript")) {
      kind = ModuleType.COMMON_JS;
    } else if (type.startsWith("text/plain")) {
      kind = ModuleType.TEXT;
    } else if (type.startsWith("application/wasm")) {
      kind = ModuleType.WASM;
    } else if (type.startsWith("application/octet-stream")) {
      kind = ModuleType.DATA;
    } else {
      throw new IllegalArgumentException(
          "module "
              + module.name()
              + " has content type '"
              + module.contentType()
              + "', which Cloudflare's module-worker upload does not take");
    }
    return new WorkerdConfig.Module(module.name(), kind, module.content().toByteArray());
  }

  private static String json(Object value) {
    try {
      return Json.MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("a json binding's value cannot be written", e);
    }
  }
}
