package dev.daprcompute.cloudflare.workers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeInitException;
import dev.daprcompute.api.InitCheck;
import dev.daprcompute.api.InitReport;
import dev.daprcompute.api.spi.PlatformTransport;
import dev.daprcompute.api.token.SigningKey;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.internal.Json;
import dev.daprcompute.testkit.CloudflareWorkersFake;
import dev.daprcompute.testkit.CloudflareWorkersFake.WorkerBinding;
import dev.daprcompute.testkit.CloudflareWorkersFake.WorkerScript;
import dev.daprcompute.testkit.PlatformFault;
import dev.daprcompute.testkit.RecordedCall;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The managed mode against the Cloudflare fake: init uploads the bundled jump worker as a
 * module-worker upload when the script is missing, older, or lacks the component's key, audience or
 * target; turns on its workers.dev route; has init retry the info call until the worker answers;
 * never replaces a script it did not deploy; and reads the API's envelope errors by name. The
 * fake's worker host hands requests to its reference function, which trusts the fake's key for
 * audience {@value #AUDIENCE}; what the upload would run is proven in real workerd by {@link
 * ManagedInWorkerdTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("compute.cloudflare.workers, managed mode, against the Cloudflare fake")
class ManagedModeTest {
  static final String AUDIENCE = "orders-fn";
  static final String JUMP = "orders-dapr";
  static final String TARGET = "orders-app";

  private CloudflareWorkersFake fake;
  private final Components components = new Components();
  private final JumpWorker bundle = JumpWorker.bundled();

  @BeforeAll
  void start() {
    fake = CloudflareWorkersFake.start(AUDIENCE);
  }

  @AfterAll
  void stop() {
    components.close();
    fake.close();
  }

  @BeforeEach
  void reset() {
    fake.reset();
    fake.deploy(
        TARGET); // the user's worker: Cloudflare refuses a service binding to a missing script
  }

  @AfterEach
  void closeComponents() {
    components.close();
  }

  private ComponentMetadata.Builder metadata() {
    return metadata(key());
  }

  private ComponentMetadata.Builder metadata(SigningKey key) {
    return Components.managed("orders", fake, fake.workerUrl(JUMP), JUMP, TARGET, key)
        .put("audience", AUDIENCE);
  }

  private SigningKey key() {
    return fake.function().componentKey();
  }

  private List<RecordedCall> calls(String method, String pathEnd) {
    return fake.recordedCalls().stream()
        .filter(c -> c.method().equals(method) && c.path().endsWith(pathEnd))
        .toList();
  }

  private WorkerScript deployed() {
    return fake.uploadedScript(JUMP).orElseThrow();
  }

  private JsonNode keySet() {
    return Json.MAPPER.valueToTree(
        deployed().binding(bundle.publicKeysBinding()).orElseThrow().definition().get("json"));
  }

  private List<String> kids() {
    List<String> kids = new ArrayList<>();
    keySet().path("keys").forEach(k -> kids.add(k.path("kid").asText()));
    return kids;
  }

  private void preDeploy(List<SigningKey> keys, Consumer<ObjectNode> change) throws IOException {
    Components.preDeploy(fake, JUMP, keys, AUDIENCE, TARGET, change);
  }

  private static ObjectNode binding(ObjectNode metadata, String name) {
    return Components.binding(metadata, name);
  }

  private static String detail(InitReport report, String check) {
    InitCheck found =
        report
            .check(check)
            .orElseThrow(() -> new AssertionError("no check " + check + ": " + report.checks()));
    assertThat(found.outcome()).as(found.detail()).isEqualTo(InitCheck.Outcome.PASSED);
    return found.detail();
  }

  @Nested
  @DisplayName("deploying")
  class Deploying {
    @Test
    @DisplayName(
        "a missing jump worker is uploaded as a module worker with its key set, audience, target and version, then its workers.dev route turned on")
    void uploadsAMissingJumpWorker() {
      InitReport report = components.init(metadata().build());

      assertThat(report.checks())
          .extracting(InitCheck::name)
          .containsExactly(
              "credentials",
              "jumpWorker",
              "workersDev",
              "ready",
              "deployed",
              "auth",
              "protocol",
              "version");
      assertThat(detail(report, "jumpWorker"))
          .contains("uploaded jump worker " + bundle.version())
          .contains("no such worker yet");
      assertThat(detail(report, "workersDev")).contains("turned on");
      assertThat(fake.workersDevEnabled(JUMP)).isTrue();

      WorkerScript script = deployed();
      assertThat(script.mainModule()).isEqualTo(bundle.mainModule());
      assertThat(script.compatibilityDate()).isEqualTo(bundle.compatibilityDate());
      assertThat(script.modules())
          .extracting(CloudflareWorkersFake.WorkerModule::name)
          .containsExactlyElementsOf(
              bundle.modules().stream().map(JumpWorker.Module::name).toList());
      for (JumpWorker.Module module : bundle.modules()) {
        CloudflareWorkersFake.WorkerModule uploaded = script.module(module.name()).orElseThrow();
        assertThat(uploaded.contentType()).startsWith("application/javascript+module");
        assertThat(uploaded.content().toByteArray()).isEqualTo(module.content());
      }
      assertThat(script.bindings())
          .extracting(WorkerBinding::name)
          .containsExactly(
              bundle.publicKeysBinding(),
              bundle.audienceBinding(),
              bundle.targetBinding(),
              bundle.versionBinding());
      assertThat(script.binding(bundle.publicKeysBinding()).orElseThrow().type()).isEqualTo("json");
      assertThat(kids()).containsExactly(key().keyId());
      assertThat(keySet().path("keys").get(0).has("d")).as("public keys only").isFalse();
      assertThat(script.binding(bundle.audienceBinding()).orElseThrow().text()).contains(AUDIENCE);
      assertThat(script.binding(bundle.targetBinding()).orElseThrow().definition())
          .containsEntry("type", "service")
          .containsEntry("service", TARGET);
      assertThat(script.binding(bundle.versionBinding()).orElseThrow().text())
          .contains(bundle.version().toString());
      RecordedCall upload = calls("PUT", "/workers/scripts/" + JUMP).get(0);
      assertThat(upload.headers().first("content-type").orElseThrow())
          .startsWith("multipart/form-data; boundary=");
      assertThat(upload.body().toUtf8())
          .contains("Content-Disposition: form-data; name=\"metadata\"")
          .contains("Content-Type: application/json");
    }

    @Test
    @DisplayName("an up-to-date jump worker is left alone: no upload, no route change, no wait")
    void upToDateIsLeftAlone() {
      components.init(metadata().build());

      InitReport again = components.init(metadata().build());

      assertThat(calls("PUT", "/" + JUMP)).hasSize(1);
      assertThat(calls("POST", "/" + JUMP + "/subdomain")).hasSize(1);
      assertThat(detail(again, "jumpWorker"))
          .contains("runs jump worker " + bundle.version() + " with key " + key().keyId());
      assertThat(again.check("ready")).isEmpty();
    }

    @Test
    @DisplayName("an older jump worker is upgraded, and the user's INPUT_BINDINGS binding is kept")
    void olderIsUpgraded() throws IOException {
      preDeploy(
          List.of(key()),
          metadata -> {
            binding(metadata, bundle.versionBinding()).put("text", "0.9.0");
            metadata
                .withArray("bindings")
                .addObject()
                .put("type", "json")
                .put("name", bundle.inputBindingsBinding())
                .set("json", Json.MAPPER.createArrayNode().add("checkout"));
          });

      InitReport report = components.init(metadata().build());

      assertThat(detail(report, "jumpWorker"))
          .contains("version " + bundle.version() + " (was '0.9.0')");
      assertThat(deployed().binding(bundle.versionBinding()).orElseThrow().text())
          .contains(bundle.version().toString());
      assertThat(deployed().binding(bundle.inputBindingsBinding()).orElseThrow().definition())
          .containsEntry("type", "json")
          .containsEntry("json", List.of("checkout"));
    }

    @Test
    @DisplayName("an audience or target that changed is put right by a new upload")
    void driftIsRepaired() throws IOException {
      preDeploy(
          List.of(key()),
          metadata -> binding(metadata, bundle.audienceBinding()).put("text", "someone-else"));

      InitReport report = components.init(metadata().build());

      assertThat(detail(report, "jumpWorker"))
          .contains("audience '" + AUDIENCE + "' (was 'someone-else')");
      assertThat(deployed().binding(bundle.audienceBinding()).orElseThrow().text())
          .contains(AUDIENCE);
    }

    @Test
    @DisplayName(
        "a newer jump worker is left alone when it has the component's key, audience and target")
    void newerIsLeftAlone() throws IOException {
      preDeploy(
          List.of(key()),
          metadata -> binding(metadata, bundle.versionBinding()).put("text", "99.0.0"));

      InitReport report = components.init(metadata().build());

      assertThat(detail(report, "jumpWorker")).contains("99.0.0").contains("left as it is");
      assertThat(calls("PUT", "/" + JUMP)).hasSize(1); // the pre-deployment only
    }

    @Test
    @DisplayName("a newer jump worker for another audience fails init: never downgraded")
    void newerForAnotherAudienceFails() throws IOException {
      preDeploy(
          List.of(key()),
          metadata -> {
            binding(metadata, bundle.versionBinding()).put("text", "99.0.0");
            binding(metadata, bundle.audienceBinding()).put("text", "someone-else");
          });

      ComputeInitException e = components.initFailure(metadata().build());

      assertThat(e.failedCheck()).isEqualTo("jumpWorker");
      assertThat(e.isRetryable()).isFalse();
      assertThat(e.getMessage())
          .contains("99.0.0")
          .contains("Upgrade dev.daprcompute:compute-cloudflare-workers");
      assertThat(deployed().binding(bundle.versionBinding()).orElseThrow().text())
          .contains("99.0.0");
    }

    @Test
    @DisplayName("a script the provider did not deploy is never replaced")
    void foreignScriptIsNeverReplaced() {
      fake.deploy(JUMP);

      ComputeInitException e = components.initFailure(metadata().build());

      assertThat(e.failedCheck()).isEqualTo("jumpWorker");
      assertThat(e.getMessage())
          .contains("init of component 'orders' failed")
          .contains("'" + JUMP + "'")
          .contains("is not a dapr-compute jump worker")
          .contains("choose another workerName");
      assertThat(e.checks())
          .extracting(InitCheck::name)
          .containsExactly("credentials", "jumpWorker");
      assertThat(deployed().mainModule()).isEqualTo(CloudflareWorkersFake.PLACEHOLDER_MODULE);
      assertThat(calls("PUT", "/" + JUMP)).isEmpty();
    }

    @Test
    @DisplayName(
        "a targetWorker that does not exist fails init naming it ('deployed', not retried)")
    void missingTargetFails() {
      fake.undeploy(TARGET);

      ComputeInitException e = components.initFailure(metadata().build());

      assertThat(e.failedCheck()).isEqualTo("deployed");
      assertThat(e.isRetryable()).isFalse();
      assertThat(e.getMessage())
          .contains("'" + TARGET + "'")
          .contains("10143")
          .contains("fix targetWorker");
      assertThat(fake.uploadedScript(JUMP)).isEmpty();
    }
  }

  @Nested
  @DisplayName("keys")
  class Keys {
    @Test
    @DisplayName("a new key is uploaded with the old one kept; the next init removes the old one")
    void rotation() throws IOException {
      SigningKey old = SigningKey.generateEd25519();
      preDeploy(List.of(old), metadata -> {});

      InitReport rotated = components.init(metadata().build());

      assertThat(detail(rotated, "jumpWorker"))
          .contains("key " + key().keyId() + " added")
          .contains(old.keyId() + " kept until the next init");
      assertThat(kids()).containsExactly(key().keyId(), old.keyId());

      InitReport next = components.init(metadata().build());

      assertThat(detail(next, "jumpWorker")).contains(old.keyId() + " removed");
      assertThat(kids()).containsExactly(key().keyId());

      components.init(metadata().build());
      assertThat(calls("PUT", "/" + JUMP))
          .as("pre-deployment, rotation, removal, and nothing more")
          .hasSize(3);
    }
  }

  @Nested
  @DisplayName("the worker's URL and its readiness")
  class Readiness {
    @Test
    @DisplayName(
        "without workerUrl the URL is https://{workerName}.{subdomain}.workers.dev from the account's subdomain")
    void workersDevUrl() {
      AtomicReference<String> subdomain = new AtomicReference<>();
      ComponentMetadata metadata =
          Components.managed("orders", fake, JUMP, TARGET, key()).put("audience", AUDIENCE).build();

      components.open(
          metadata,
          (script, sub) -> {
            subdomain.set(sub);
            return HttpUrl.get(fake.workerUrl(script));
          });

      assertThat(subdomain.get()).isEqualTo(CloudflareWorkersFake.ACCOUNT_SUBDOMAIN);
      assertThat(WorkerChecks.workersDevUrl(JUMP, "acme"))
          .hasToString("https://" + JUMP + ".acme.workers.dev/");
    }

    @Test
    @DisplayName(
        "an account without a workers.dev subdomain fails init naming it, unless workerUrl is set")
    void noSubdomain() {
      fake.accountSubdomain(null);
      ComponentMetadata metadata =
          Components.managed("orders", fake, JUMP, TARGET, key()).put("audience", AUDIENCE).build();

      ComputeInitException e = components.initFailure(metadata);

      assertThat(e.failedCheck()).isEqualTo("workersDev");
      assertThat(e.getMessage()).contains("has no workers.dev subdomain").contains("set workerUrl");
      assertThat(components.init(metadata().build()).protocol()).isEqualTo(1);
    }

    @Test
    @DisplayName(
        "after an upload init retries the info call until the new worker answers, without asking the API again")
    void waitsForTheNewWorker() {
      AtomicInteger notYet = new AtomicInteger(3);
      fake.failWhen(
          call ->
              call.path().startsWith("/workers/" + JUMP) && notYet.getAndDecrement() > 0
                  ? PlatformFault.notFound()
                  : null);

      InitReport report = components.init(metadata().build());

      assertThat(notYet.get()).as("the three 404s were all seen").isNegative();
      assertThat(detail(report, "ready")).contains("answered the info call");
      assertThat(fake.function().received(Protocol.INFO_PATH))
          .allSatisfy(r -> assertThat(r.token()).isNotNull());
      assertThat(report.attempts()).isGreaterThanOrEqualTo(4);
      assertThat(detail(report, "jumpWorker"))
          .as("the upload is still what the report says")
          .contains("uploaded");
      assertThat(calls("GET", "/scripts/" + JUMP + "/settings"))
          .as("the API checks ran once")
          .hasSize(1);
    }

    @Test
    @Timeout(30)
    @DisplayName(
        "a new worker that never answers: init gives up at initTimeout, retryable, naming the 404 (a cut-short last attempt hides nothing)")
    void givesUpAtInitTimeout() {
      // The first info call gets the edge's 404; every later one is held past initTimeout, so the
      // last
      // attempt is always cut short by the deadline, which must not hide the 404 (the real cause).
      AtomicInteger infoCalls = new AtomicInteger();
      fake.failWhen(
          call ->
              !call.path().startsWith("/workers/" + JUMP)
                  ? null
                  : infoCalls.incrementAndGet() == 1
                      ? PlatformFault.notFound()
                      : PlatformFault.coldStart(Duration.ofSeconds(20)));

      ComputeInitException e =
          components.initFailure(metadata().initTimeout(Duration.ofSeconds(3)).build());

      assertThat(infoCalls.get())
          .as("the first attempt reached the worker: %s", e.getMessage())
          .isPositive();
      assertThat(e.isRetryable()).isTrue();
      assertThat(e.failedCheck()).isEqualTo("deployed");
      assertThat(e.getMessage())
          .contains("'" + JUMP + "' has not answered as " + bundle.sdk() + " " + bundle.version())
          .contains("is not deployed (404")
          .doesNotContain("did not finish within");
    }
  }

  @Nested
  @DisplayName("the Cloudflare API's errors")
  class ApiErrors {
    @Test
    @DisplayName(
        "a refused API token (10000) fails init naming 'credentials' and the permission, never showing the token")
    void badToken() {
      String token = "cf-not-the-token-7c1d2e";
      ComputeInitException e =
          components.initFailure(metadata().putSecret("apiToken", token).build());

      assertThat(e.failedCheck()).isEqualTo("credentials");
      assertThat(e.isRetryable()).isFalse();
      assertThat(e.getMessage())
          .contains("refused apiToken")
          .contains("10000")
          .contains("Workers Scripts > Edit")
          .doesNotContain(token);
      assertThat(e.checks()).allSatisfy(check -> assertThat(check.detail()).doesNotContain(token));
    }

    @Test
    @DisplayName("a rate limit (429 with retry-after) is waited out within initTimeout")
    void rateLimitWaitedOut() {
      fake.failNext(1, PlatformFault.throttled(Duration.ofSeconds(1)));
      long start = System.nanoTime();

      InitReport report = components.init(metadata().initTimeout(Duration.ofSeconds(10)).build());

      assertThat(report.attempts()).isGreaterThanOrEqualTo(2);
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .as("waited as retry-after asked")
          .isGreaterThanOrEqualTo(Duration.ofMillis(950));
      assertThat(fake.recordedCalls().get(0).fault()).isNotEmpty();
    }

    @Test
    @DisplayName("a rate limit longer than initTimeout fails init at once, saying so")
    void rateLimitPastInitTimeout() {
      fake.failNext(1, PlatformFault.throttled(Duration.ofSeconds(60)));

      ComputeInitException e =
          components.initFailure(metadata().initTimeout(Duration.ofSeconds(2)).build());

      assertThat(e.isRetryable()).isTrue();
      assertThat(e.getMessage()).contains("rate-limited").contains("past initTimeout");
    }

    @Test
    @DisplayName("an API failure (500 code 10013) is retried")
    void serverErrorRetried() {
      fake.failNext(1, PlatformFault.serverError());

      InitReport report = components.init(metadata().build());

      assertThat(report.attempts()).isGreaterThanOrEqualTo(2);
      assertThat(deployed().binding(bundle.versionBinding())).isPresent();
    }

    @Test
    @DisplayName(
        "the API token appears in no log line, message, check or toString, on success or failure")
    void tokenNeverShown() {
      String shown =
          Logs.captured(
              () -> {
                components.init(metadata().build());
                ComputeInitException e =
                    components.initFailure(
                        metadata().putSecret("apiToken", "cf-wrong-9f8e7d").build());
                System.err.println(e.getMessage() + " " + e.checks());
                PlatformTransport transport =
                    new CloudflareWorkersPlatformProvider()
                        .transport(metadata().build(), ComputeContext.defaults());
                System.err.println(transport + " " + WorkersSettings.read(metadata().build()));
              });

      assertThat(shown)
          .contains("uploaded jump worker")
          .contains("refused apiToken")
          .contains("[redacted]")
          .doesNotContain(fake.apiToken())
          .doesNotContain("cf-wrong-9f8e7d");
    }
  }
}
