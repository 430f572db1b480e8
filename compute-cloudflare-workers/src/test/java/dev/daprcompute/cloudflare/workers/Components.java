package dev.daprcompute.cloudflare.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.Compute;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeInitException;
import dev.daprcompute.api.ComputeProvider;
import dev.daprcompute.api.ComputeProviders;
import dev.daprcompute.api.InitReport;
import dev.daprcompute.api.token.SigningKey;
import dev.daprcompute.testkit.CloudflareWorkersFake;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Components of the provider for tests: metadata for each mode, components that are closed when the
 * test class is done, and bounded waits on their futures.
 */
final class Components implements AutoCloseable {
  static final String APP_ID = "checkout";

  /** The provider as a runtime sees it. */
  static final ComputeProvider PROVIDER =
      ComputeProviders.provider(new CloudflareWorkersPlatformProvider());

  private final List<Compute> opened = new ArrayList<>();
  private final ComputeContext context;

  Components() {
    this(ComputeContext.defaults().withAppId(APP_ID));
  }

  Components(ComputeContext context) {
    this.context = context;
  }

  /** Metadata of a component for a worker at {@code workerUrl}. */
  static ComponentMetadata.Builder direct(
      String name, String workerUrl, String workerName, SigningKey key) {
    return ComponentMetadata.builder(name, CloudflareWorkersPlatformProvider.TYPE)
        .put("workerUrl", workerUrl)
        .put("workerName", workerName)
        .putSecret("key", key.privateKeyPem())
        .initTimeout(Duration.ofSeconds(10));
  }

  /**
   * Metadata of a managed component: the jump worker {@code workerName} at {@code workerUrl}, in
   * front of {@code target}.
   */
  static ComponentMetadata.Builder managed(
      String name,
      CloudflareWorkersFake fake,
      String workerUrl,
      String workerName,
      String target,
      SigningKey key) {
    return managed(name, fake, workerName, target, key).put("workerUrl", workerUrl);
  }

  /** As above, at its workers.dev URL. */
  static ComponentMetadata.Builder managed(
      String name, CloudflareWorkersFake fake, String workerName, String target, SigningKey key) {
    return ComponentMetadata.builder(name, CloudflareWorkersPlatformProvider.TYPE)
        .put("workerName", workerName)
        .putSecret("key", key.privateKeyPem())
        .put("accountId", fake.accountId())
        .putSecret("apiToken", fake.apiToken())
        .put("apiBaseUrl", fake.apiBaseUrl())
        .put("targetWorker", target)
        .initTimeout(Duration.ofSeconds(10));
  }

  /**
   * Uploads the bundled jump worker through the fake's API as an earlier init would have, with its
   * upload metadata changed by {@code change} first, and turns its workers.dev route on.
   */
  static void preDeploy(
      CloudflareWorkersFake fake,
      String script,
      List<SigningKey> keys,
      String audience,
      String target,
      Consumer<ObjectNode> change)
      throws IOException {
    JumpWorker bundle = JumpWorker.bundled();
    ObjectNode metadata =
        bundle.uploadMetadata(
            keys.stream().map(Deployment::ownJwk).toList(), audience, target, null);
    change.accept(metadata);
    Request put =
        new Request.Builder()
            .url(fake.apiBaseUrl() + "/accounts/" + fake.accountId() + "/workers/scripts/" + script)
            .header("Authorization", "Bearer " + fake.apiToken())
            .put(bundle.uploadForm(metadata))
            .build();
    OkHttpClient http = new OkHttpClient();
    try (Response response = http.newCall(put).execute()) {
      assertThat(response.code()).as(response.body().string()).isEqualTo(200);
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
    fake.workersDev(script, true);
  }

  /** The binding named {@code name} of upload metadata. */
  static ObjectNode binding(ObjectNode metadata, String name) {
    for (JsonNode binding : metadata.path("bindings")) {
      if (binding.path("name").asText().equals(name)) {
        return (ObjectNode) binding;
      }
    }
    throw new AssertionError("no binding " + name);
  }

  /** A new component, initialised with {@code metadata}; closed with this. */
  Compute open(ComponentMetadata metadata) {
    return open(metadata, context);
  }

  /** As above, in {@code context}. */
  Compute open(ComponentMetadata metadata, ComputeContext context) {
    return open(PROVIDER, metadata, context);
  }

  /**
   * The init report of a new component with {@code metadata}; the component is closed with this.
   */
  InitReport init(ComponentMetadata metadata) {
    Compute compute = PROVIDER.create(context);
    opened.add(compute);
    return compute.init(metadata);
  }

  /**
   * As above, with the workers.dev URL rule given (a fake's host instead of
   * https://{name}.{subdomain}.workers.dev).
   */
  Compute open(ComponentMetadata metadata, BiFunction<String, String, HttpUrl> workersDev) {
    return open(
        ComputeProviders.provider(new CloudflareWorkersPlatformProvider(workersDev)),
        metadata,
        context);
  }

  private Compute open(
      ComputeProvider provider, ComponentMetadata metadata, ComputeContext context) {
    Compute compute = provider.create(context);
    opened.add(compute);
    compute.init(metadata);
    return compute;
  }

  /** The init failure of a new component with {@code metadata}. */
  ComputeInitException initFailure(ComponentMetadata metadata) {
    return initFailure(metadata, context);
  }

  /** As above, in {@code context}. */
  ComputeInitException initFailure(ComponentMetadata metadata, ComputeContext context) {
    Throwable thrown = catchThrowable(() -> open(metadata, context));
    assertThat(thrown).as("init must fail").isInstanceOf(ComputeInitException.class);
    return (ComputeInitException) thrown;
  }

  /** The value of {@code future}, waiting at most 20 s. */
  static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new CompletionException(e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("no answer within 20 s", e);
    }
  }

  /** The failure of {@code future}, waiting at most 20 s. */
  static Throwable failureOf(CompletableFuture<?> future) {
    try {
      future.get(20, TimeUnit.SECONDS);
      throw new AssertionError("the call succeeded");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("no answer within 20 s", e);
    }
  }

  @Override
  public void close() {
    opened.forEach(Compute::close);
    opened.clear();
  }
}
