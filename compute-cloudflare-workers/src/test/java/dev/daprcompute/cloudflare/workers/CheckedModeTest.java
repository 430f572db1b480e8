package dev.daprcompute.cloudflare.workers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ComputeInitException;
import dev.daprcompute.api.InitCheck;
import dev.daprcompute.api.InitReport;
import dev.daprcompute.protocol.Feature;
import dev.daprcompute.testkit.CloudflareWorkersFake;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A worker the user deployed, with the API configured but no targetWorker: init checks the token,
 * the script and (without workerUrl) its workers.dev route, and never changes anything.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("compute.cloudflare.workers, API-checked mode, against the Cloudflare fake")
class CheckedModeTest {
  private CloudflareWorkersFake fake;
  private final Components components = new Components();

  @BeforeAll
  void start() {
    fake = CloudflareWorkersFake.start("orders-fn");
  }

  @AfterAll
  void stop() {
    fake.close();
  }

  @BeforeEach
  void reset() {
    fake.reset();
  }

  @AfterEach
  void closeComponents() {
    components.close();
  }

  private ComponentMetadata.Builder withoutWorkerUrl() {
    ComponentMetadata full = fake.component("orders").build();
    ComponentMetadata.Builder builder =
        ComponentMetadata.builder("orders", CloudflareWorkersPlatformProvider.TYPE);
    for (String field : full.fieldNames()) {
      if (!field.equals("workerUrl")) {
        String value =
            full.isSecret(field)
                ? full.secret(field).orElseThrow().reveal()
                : full.requireString(field);
        if (full.isSecret(field)) {
          builder.putSecret(field, value);
        } else {
          builder.put(field, value);
        }
      }
    }
    return builder;
  }

  @Test
  @DisplayName(
      "init checks the token and the script, skips the workers.dev route when workerUrl is set, and changes nothing")
  void checks() {
    InitReport report = components.init(fake.component("orders").build());

    assertThat(report.checks())
        .extracting(InitCheck::name)
        .containsExactly(
            "credentials", "script", "workersDev", "deployed", "auth", "protocol", "version");
    assertThat(report.check("script").orElseThrow().detail())
        .contains("'" + fake.workerName() + "' exists");
    assertThat(report.check("workersDev").orElseThrow().outcome())
        .isEqualTo(InitCheck.Outcome.SKIPPED);
    assertThat(fake.recordedCalls())
        .filteredOn(c -> c.path().startsWith("/client/v4"))
        .allSatisfy(call -> assertThat(call.method()).isEqualTo("GET"));
    assertThat(components.open(fake.component("orders").build()).features())
        .contains(Feature.PLATFORM_CHECKS);
  }

  @Test
  @DisplayName("a script that does not exist fails init naming 'deployed' and 10007")
  void missingScript() {
    fake.undeploy(fake.workerName());

    ComputeInitException e = components.initFailure(fake.component("orders").build());

    assertThat(e.failedCheck()).isEqualTo("deployed");
    assertThat(e.isRetryable()).isFalse();
    assertThat(e.getMessage())
        .contains("worker '" + fake.workerName() + "' does not exist")
        .contains("10007")
        .contains(fake.accountId());
  }

  @Test
  @DisplayName(
      "without workerUrl the worker is reached at its workers.dev URL, which must be turned on")
  void workersDev() {
    AtomicReference<String> subdomain = new AtomicReference<>();
    components.open(
        withoutWorkerUrl().build(),
        (script, sub) -> {
          subdomain.set(sub);
          return HttpUrl.get(fake.workerUrl(script));
        });
    assertThat(subdomain.get()).isEqualTo(CloudflareWorkersFake.ACCOUNT_SUBDOMAIN);

    fake.workersDev(fake.workerName(), false);
    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                components.open(
                    withoutWorkerUrl().build(),
                    (script, sub) -> HttpUrl.get(fake.workerUrl(script))));

    assertThat(thrown).isInstanceOf(ComputeInitException.class);
    ComputeInitException e = (ComputeInitException) thrown;
    assertThat(e.failedCheck()).isEqualTo("workersDev");
    assertThat(e.getMessage()).contains("turned off").contains("set workerUrl");
    assertThat(fake.workersDevEnabled(fake.workerName()))
        .as("the checked mode changes nothing")
        .isFalse();
  }
}
