package dev.daprcompute.cloudflare.workers;

import dev.daprcompute.cloudflare.workers.workerd.WorkerdConfig;
import java.io.InputStream;
import java.util.List;

/**
 * The jump worker as the jar ships it ({@link JumpWorker#bundled()}: the manifest and its modules),
 * in the workerd launcher's terms: what the provider uploads, in the test's hands.
 */
record JumpWorkerBundle(
    String version,
    String sdk,
    String mainModule,
    String compatibilityDate,
    List<WorkerdConfig.Module> modules,
    String publicKeysBinding,
    String audienceBinding,
    String targetBinding,
    String inputBindingsBinding,
    String versionBinding) {

  static JumpWorkerBundle load() {
    JumpWorker jump = JumpWorker.bundled();
    List<WorkerdConfig.Module> modules =
        jump.modules().stream()
            .map(
                m ->
                    new WorkerdConfig.Module(
                        m.name(), WorkerdConfig.ModuleType.ES_MODULE, m.content()))
            .toList();
    return new JumpWorkerBundle(
        jump.version().toString(),
        jump.sdk(),
        jump.mainModule(),
        jump.compatibilityDate(),
        modules,
        jump.publicKeysBinding(),
        jump.audienceBinding(),
        jump.targetBinding(),
        jump.inputBindingsBinding(),
        jump.versionBinding());
  }

  /** The jump worker with {@code bindings}; its main module is first, as workerd wants it. */
  WorkerdConfig.Worker worker(List<WorkerdConfig.Binding> bindings) {
    return WorkerdConfig.Worker.of(modules, compatibilityDate, bindings);
  }

  static InputStream resource(String name) {
    InputStream in = JumpWorkerBundle.class.getResourceAsStream(JumpWorker.RESOURCES + name);
    if (in == null) {
      throw new IllegalStateException(
          "classpath resource "
              + JumpWorker.RESOURCES
              + name
              + " is missing: the build"
              + " copies the SDK modules from compute-function-js/src; run the build through Maven");
    }
    return in;
  }
}
