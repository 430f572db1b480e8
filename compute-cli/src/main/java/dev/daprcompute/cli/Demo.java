package dev.daprcompute.cli;

import dev.daprcompute.api.CallOptions;
import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeException;
import dev.daprcompute.api.ComputeInitException;
import dev.daprcompute.api.ComputeProvider;
import dev.daprcompute.api.InitCheck;
import dev.daprcompute.api.InitReport;
import dev.daprcompute.api.resources.ComputeHandle;
import dev.daprcompute.api.resources.ComputeLoader;
import dev.daprcompute.api.resources.SecretResolver;
import dev.daprcompute.api.token.SigningKey;
import dev.daprcompute.testkit.PlatformFake;
import dev.daprcompute.testkit.PlatformFakeFactory;
import dev.daprcompute.testkit.PlatformFakes;
import dev.daprcompute.testkit.ReferenceFunction;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The demo for one provider: a fake of its platform in front of the reference function, real
 * resource files for a component that reaches it, the library's loader, init, and every operation.
 * Knows no platform: the fake and the metadata come from the testkit's {@link PlatformFakes}, so
 * each provider on the classpath joins without a change here.
 */
final class Demo {
  static final String APP_ID = "dapr-compute-demo";

  private final DemoWorkspace workspace;
  private final Cleanup cleanup;
  private final CallOptions options;
  private final Consumer<String> progress;

  /** What the demo found for one provider: its rows and, as JSON, how it went. */
  record ProviderRun(List<DemoRow> rows, Map<String, Object> json) {}

  Demo(DemoWorkspace workspace, Cleanup cleanup, CallOptions options, Consumer<String> progress) {
    this.workspace = workspace;
    this.cleanup = cleanup;
    this.options = options;
    this.progress = progress;
  }

  /** Runs everything for {@code provider}; never throws for what the component or the fake does. */
  ProviderRun run(ComputeProvider provider) throws IOException {
    String type = provider.type();
    String tag = "[" + type + "] ";
    Map<String, Object> json = Console.object();
    json.put("type", type);
    json.put("version", provider.version());
    Optional<PlatformFakeFactory> factory = PlatformFakes.forType(type);
    if (factory.isEmpty()) {
      String why =
          "no platform fake for " + type + " on the classpath (its testkit PlatformFakeFactory)";
      progress.accept(tag + "skipped: " + why);
      json.put("status", "skipped");
      json.put("reason", why);
      return new ProviderRun(
          List.of(
              new DemoRow(
                  type, "-", "a platform fake", "skipped", -1, DemoRow.Status.SKIPPED, why)),
          json);
    }

    String name = "demo-" + type.replace('.', '-');
    SigningKey key = SigningKey.generateEd25519(); // throwaway: lives as long as this run
    PlatformFake fake;
    ComponentMetadata metadata;
    try {
      fake = cleanup.add(factory.get().start(ReferenceFunction.create(name, key)));
    } catch (RuntimeException e) {
      return fakeFailed(type, tag, json, e);
    }
    try {
      try {
        metadata = fake.component(name).build();
      } catch (RuntimeException e) {
        return fakeFailed(type, tag, json, e);
      }
      json.put("status", "ran");
      json.put("component", name);
      json.put("platform", fake.baseUrl());
      json.put("kid", key.keyId());
      DemoWorkspace.ComponentFiles files = workspace.write(name, type, metadata);
      json.put("componentFile", files.component().toString());
      json.put("configurationFile", files.configuration().toString());
      progress.accept(
          tag
              + "fake platform at "
              + fake.baseUrl()
              + "; component '"
              + name
              + "' written to "
              + files.component()
              + " (secrets in "
              + workspace.secrets()
              + ")");

      List<DemoRow> rows = new ArrayList<>();
      ComputeLoader loader =
          ComputeLoader.builder()
              .resourcesPath(files.resources())
              .configuration(files.configuration())
              .secretResolver(SecretResolver.files(workspace.secrets()))
              .context(ComputeContext.defaults().withAppId(APP_ID))
              .build();
      progress.accept(tag + "init ...");
      long start = System.nanoTime();
      ComputeHandle handle;
      try {
        handle = cleanup.add(loader.load());
      } catch (ComputeInitException e) {
        showChecks(json, e.checks());
        progress.accept(tag + "init failed: " + Failures.message(e));
        rows.add(
            DemoRow.ran(
                type,
                "init",
                "ready",
                "failed: " + e.failedCheck(),
                millisSince(start),
                e.getMessage()));
        return new ProviderRun(rows, json);
      } catch (ComputeException e) {
        rows.add(
            DemoRow.ran(
                type,
                "init",
                "ready",
                "failed: " + e.getClass().getSimpleName(),
                millisSince(start),
                e.getMessage()));
        progress.accept(tag + "init failed: " + e.getMessage());
        return new ProviderRun(rows, json);
      }
      try {
        InitReport report = handle.report().orElseThrow();
        long initMs = millisSince(start);
        showChecks(json, report.checks());
        String summary = InitChecks.summary(report, handle.compute().features());
        progress.accept(tag + "ready: " + summary);
        rows.add(DemoRow.ran(type, "init", "ready", "ready", initMs, summary));
        for (DemoOperations.Operation operation : DemoOperations.all(fake, options)) {
          DemoRow row = run(type, handle, operation);
          progress.accept(
              tag
                  + row.operation()
                  + ": "
                  + row.result()
                  + " ("
                  + row.latencyMs()
                  + " ms) "
                  + row.status());
          rows.add(row);
        }
      } finally {
        cleanup.release(handle);
      }
      return new ProviderRun(rows, json);
    } finally {
      cleanup.release(fake);
    }
  }

  /**
   * The testkit's fake itself failed: a failed row, not a failed demo, so other providers still
   * run.
   */
  private ProviderRun fakeFailed(
      String type, String tag, Map<String, Object> json, RuntimeException e) {
    String why = "the platform fake failed: " + Failures.message(e);
    progress.accept(tag + why);
    json.put("status", "failed");
    json.put("reason", why);
    return new ProviderRun(
        List.of(new DemoRow(type, "start fake", "started", "failed", -1, DemoRow.Status.FAIL, why)),
        json);
  }

  private DemoRow run(String type, ComputeHandle handle, DemoOperations.Operation operation) {
    long start = System.nanoTime();
    try {
      DemoOperations.Outcome outcome = operation.step().run(handle.compute());
      return DemoRow.ran(
          type,
          operation.name(),
          operation.expected(),
          outcome.result(),
          millisSince(start),
          outcome.detail());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return DemoRow.ran(
          type, operation.name(), operation.expected(), "interrupted", millisSince(start), "");
    } catch (Exception e) {
      return DemoRow.ran(
          type,
          operation.name(),
          operation.expected(),
          "error: " + e.getClass().getSimpleName(),
          millisSince(start),
          Failures.message(e));
    }
  }

  private void showChecks(Map<String, Object> json, List<InitCheck> checks) {
    json.put("checks", InitChecks.json(checks));
    InitChecks.lines(checks, "    ").forEach(progress);
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
