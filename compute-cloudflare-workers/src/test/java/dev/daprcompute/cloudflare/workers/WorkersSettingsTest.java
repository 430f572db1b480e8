package dev.daprcompute.cloudflare.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.Compute;
import dev.daprcompute.api.ComputeConfigurationException;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeProvider;
import dev.daprcompute.api.ComputeProviders;
import dev.daprcompute.api.ConfigurationProblem;
import dev.daprcompute.api.MetadataField;
import dev.daprcompute.api.token.SigningKey;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The metadata of compute.cloudflare.workers: the fields, the modes, and every problem reported at
 * once.
 */
@DisplayName("compute.cloudflare.workers metadata")
class WorkersSettingsTest {
  private static final String ACCOUNT = "0123456789abcdef0123456789abcdef";
  private static final String TOKEN = "cf-api-token-3b9c5f1e";
  private static final SigningKey KEY = SigningKey.generateEd25519();

  private static ComponentMetadata metadata(Consumer<ComponentMetadata.Builder> fields) {
    ComponentMetadata.Builder builder =
        ComponentMetadata.builder("orders", CloudflareWorkersPlatformProvider.TYPE)
            .putSecret("key", KEY.privateKeyPem());
    fields.accept(builder);
    return builder.build();
  }

  private static WorkersSettings settings(Consumer<ComponentMetadata.Builder> fields) {
    return WorkersSettings.read(metadata(fields));
  }

  /**
   * The audience a component with these fields signs for, as the CLI's {@code token} asks for it.
   */
  private static String audience(Consumer<ComponentMetadata.Builder> fields) {
    return ComputeProviders.load()
        .select(CloudflareWorkersPlatformProvider.TYPE, "v1")
        .audience(metadata(fields));
  }

  private static List<ConfigurationProblem> problems(Consumer<ComponentMetadata.Builder> fields) {
    Throwable thrown =
        catchThrowable(
            () -> {
              try (Compute compute = Components.PROVIDER.create(ComputeContext.defaults())) {
                compute.init(metadata(fields));
              }
            });
    assertThat(thrown).isInstanceOf(ComputeConfigurationException.class);
    assertThat(thrown.getMessage()).doesNotContain(TOKEN).doesNotContain(KEY.privateKeyPem());
    return ((ComputeConfigurationException) thrown).problems();
  }

  private static List<String> fieldsOf(List<ConfigurationProblem> problems) {
    return problems.stream()
        .map(p -> p.field().replaceAll("^metadata '(.*)'$", "$1"))
        .toList(); // "metadata 'x'"
  }

  @Test
  @DisplayName(
      "the provider is found by its type and version, and declares exactly the Cloudflare fields plus the common ones")
  void fields() {
    ComputeProvider loaded =
        ComputeProviders.load().select(CloudflareWorkersPlatformProvider.TYPE, "v1");
    assertThat(loaded.type()).isEqualTo(CloudflareWorkersPlatformProvider.TYPE);
    assertThat(loaded.metadataFields())
        .extracting(MetadataField::name)
        .containsExactly(
            "key",
            "audience",
            "tokenHeader",
            "tokenLifetime",
            "minVersion",
            "timeout",
            "maxBodySize",
            "maxConcurrency",
            "workerUrl",
            "workerName",
            "accountId",
            "apiToken",
            "apiBaseUrl",
            "targetWorker",
            "caCertificate",
            "allowInsecureHttp");
    assertThat(loaded.metadataFields())
        .filteredOn(MetadataField::secret)
        .extracting(MetadataField::name)
        .containsExactlyInAnyOrder("key", "apiToken");
  }

  @Test
  @DisplayName(
      "workerUrl alone: a worker the user deployed; the default audience is workerName, else a workers.dev URL's script")
  void direct() {
    WorkersSettings named =
        settings(m -> m.put("workerUrl", "https://fn.example.com").put("workerName", "orders-fn"));
    assertThat(named.mode()).isEqualTo(WorkersSettings.Mode.DIRECT);
    assertThat(named.usesApi()).isFalse();
    assertThat(
            audience(
                m -> m.put("workerUrl", "https://fn.example.com").put("workerName", "orders-fn")))
        .isEqualTo("orders-fn");

    WorkersSettings workersDev =
        settings(m -> m.put("workerUrl", "https://orders-fn.acme.workers.dev/"));
    assertThat(workersDev.functionName()).isEqualTo("orders-fn");
    assertThat(audience(m -> m.put("workerUrl", "https://orders-fn.acme.workers.dev/")))
        .isEqualTo("orders-fn");

    assertThat(audience(m -> m.put("workerUrl", "https://fn.example.com").put("audience", "fn")))
        .isEqualTo("fn");
    assertThat(fieldsOf(problems(m -> m.put("workerUrl", "https://fn.example.com"))))
        .containsExactly("workerName");
    assertThat(catchThrowable(() -> audience(m -> m.put("workerUrl", "https://fn.example.com"))))
        .as("no audience without a name")
        .isInstanceOf(ComputeConfigurationException.class);
  }

  @Test
  @DisplayName(
      "accountId, apiToken and workerName: checked through the API; with targetWorker: managed")
  void apiModes() {
    WorkersSettings checked =
        settings(
            m ->
                m.put("accountId", ACCOUNT.toUpperCase())
                    .putSecret("apiToken", TOKEN)
                    .put("workerName", "orders-fn"));
    assertThat(checked.mode()).isEqualTo(WorkersSettings.Mode.CHECKED);
    assertThat(checked.accountId()).isEqualTo(ACCOUNT);
    assertThat(checked.workerUrl()).as("the workers.dev URL, found at init").isNull();
    assertThat(checked.apiBaseUrl()).hasToString("https://api.cloudflare.com/client/v4");

    WorkersSettings managed =
        settings(
            m ->
                m.put("accountId", ACCOUNT)
                    .putSecret("apiToken", TOKEN)
                    .put("workerName", "orders-dapr")
                    .put("targetWorker", "orders-app"));
    assertThat(managed.mode()).isEqualTo(WorkersSettings.Mode.MANAGED);
    assertThat(
            audience(
                m ->
                    m.put("accountId", ACCOUNT)
                        .putSecret("apiToken", TOKEN)
                        .put("workerName", "orders-dapr")
                        .put("targetWorker", "orders-app")))
        .as("the jump worker's name")
        .isEqualTo("orders-dapr");
    assertThat(managed.toString()).doesNotContain(TOKEN).contains("[redacted]");
  }

  @Test
  @DisplayName("targetWorker without the API fields names each missing field")
  void managedNeedsTheApi() {
    List<ConfigurationProblem> problems = problems(m -> m.put("targetWorker", "orders-app"));
    assertThat(fieldsOf(problems)).containsExactly("accountId", "apiToken", "workerName");
    assertThat(problems.get(1).fix()).contains("Workers Scripts: Edit");
  }

  @Test
  @DisplayName(
      "an apiToken that no header can carry (a pasted line break) is refused naming the field, never showing it")
  void apiTokenWithLineBreak() {
    List<ConfigurationProblem> problems =
        problems(
            m ->
                m.put("accountId", ACCOUNT)
                    .putSecret("apiToken", TOKEN + "\n" + TOKEN)
                    .put("workerName", "orders-fn"));
    assertThat(fieldsOf(problems)).containsExactly("apiToken");
    assertThat(problems.get(0).fix()).contains("exactly as the dashboard showed it");
  }

  @Test
  @DisplayName("neither workerUrl nor the API: workerUrl is required, and the fix names both modes")
  void nothing() {
    List<ConfigurationProblem> problems = problems(m -> {});
    assertThat(fieldsOf(problems)).containsExactly("workerUrl");
    assertThat(problems.get(0).fix()).contains("targetWorker");
  }

  @Test
  @DisplayName(
      "every problem at once: names, account, same worker twice, plain http, an unused apiBaseUrl, a bad CA")
  void everyProblemAtOnce() {
    List<ConfigurationProblem> problems =
        problems(
            m ->
                m.put("workerUrl", "http://workers.example.com/?token=x")
                    .put("workerName", "Orders")
                    .put("targetWorker", "orders-app")
                    .put("accountId", "acme")
                    .putSecret("apiToken", TOKEN)
                    .put("caCertificate", "not a certificate"));
    assertThat(fieldsOf(problems))
        .containsExactlyInAnyOrder(
            "workerUrl", "workerUrl", "workerName", "accountId", "caCertificate");

    List<ConfigurationProblem> same =
        problems(
            m ->
                m.put("workerName", "orders")
                    .put("targetWorker", "orders")
                    .put("accountId", ACCOUNT)
                    .putSecret("apiToken", TOKEN));
    assertThat(fieldsOf(same)).containsExactly("targetWorker");
    assertThat(same.get(0).fix()).contains("orders-dapr");

    List<ConfigurationProblem> unused =
        problems(
            m ->
                m.put("workerUrl", "https://orders.acme.workers.dev")
                    .put("apiBaseUrl", "https://api.example.com/client/v4"));
    assertThat(fieldsOf(unused)).containsExactly("apiBaseUrl");
  }

  @Test
  @DisplayName("plain http is allowed to loopback, and elsewhere only with allowInsecureHttp")
  void plainHttp() {
    assertThat(
            settings(m -> m.put("workerUrl", "http://127.0.0.1:8787").put("workerName", "fn"))
                .workerUrl())
        .isNotNull();
    assertThat(
            settings(
                    m ->
                        m.put("workerUrl", "http://fn.internal")
                            .put("workerName", "fn")
                            .put("allowInsecureHttp", "true"))
                .workerUrl())
        .isNotNull();
    assertThat(
            problems(m -> m.put("workerUrl", "http://fn.internal").put("workerName", "fn"))
                .get(0)
                .fix())
        .contains("allowInsecureHttp");
  }
}
