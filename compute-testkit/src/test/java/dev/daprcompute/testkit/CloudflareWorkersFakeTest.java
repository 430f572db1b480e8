package dev.daprcompute.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.testkit.CloudflareWorkersFake.WorkerScript;
import dev.daprcompute.testkit.FakeClient.Reply;
import java.time.Duration;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("CloudflareWorkersFake behaves like the Cloudflare API and workers.dev")
class CloudflareWorkersFakeTest {
  private static final String JUMP_WORKER =
      "export default { async fetch(request, env) { return env.TARGET.fetch(request); } };\n";

  private CloudflareWorkersFake fake;
  private FakeClient http;

  @BeforeEach
  void start() {
    fake = CloudflareWorkersFake.start("orders-fn");
    http = new FakeClient(fake);
  }

  @AfterEach
  void stop() {
    http.close();
    fake.close();
  }

  private Request.Builder api(String path) {
    return new Request.Builder()
        .url(fake.apiBaseUrl() + path)
        .header("Authorization", "Bearer " + fake.apiToken());
  }

  private String scripts() {
    return "/accounts/" + fake.accountId() + "/workers/scripts";
  }

  private Request.Builder info(String script) {
    return new Request.Builder()
        .url(fake.workerUrl(script) + Protocol.INFO_PATH)
        .header("Authorization", http.bearer());
  }

  private static RequestBody upload(String metadata) {
    return new MultipartBody.Builder()
        .setType(MultipartBody.FORM)
        .addFormDataPart(
            "metadata", null, RequestBody.create(metadata, MediaType.get("application/json")))
        .addFormDataPart(
            "worker.js",
            "worker.js",
            RequestBody.create(JUMP_WORKER, MediaType.get("application/javascript+module")))
        .build();
  }

  private static final String METADATA =
      "{\"main_module\":\"worker.js\",\"compatibility_date\":\"2025-01-01\","
          + "\"compatibility_flags\":[\"nodejs_compat\"],\"bindings\":["
          + "{\"type\":\"secret_text\",\"name\":\"JWT_PUBLIC_KEY\",\"text\":\"c2VjcmV0LWtleQ\"},"
          + "{\"type\":\"plain_text\",\"name\":\"APP_VERSION\",\"text\":\"1.4.0\"},"
          + "{\"type\":\"service\",\"name\":\"TARGET\",\"service\":\"dapr-fn\"}]}";

  /** Checks the envelope of a failed API call and returns its first error. */
  private static JsonNode apiError(Reply reply, int status, int code) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    assertThat(reply.header("Content-Type")).startsWith("application/json");
    JsonNode body = reply.json();
    assertThat(body.path("success").asBoolean(true)).isFalse();
    assertThat(body.path("result").isNull()).isTrue();
    assertThat(body.path("messages").isArray()).isTrue();
    assertThat(body.path("errors").get(0).path("code").asInt()).isEqualTo(code);
    return body.path("errors").get(0);
  }

  /** Checks the envelope of a successful API call and returns its result. */
  private static JsonNode apiResult(Reply reply) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    JsonNode body = reply.json();
    assertThat(body.path("success").asBoolean()).isTrue();
    assertThat(body.path("errors")).isEmpty();
    assertThat(body.path("messages").isArray()).isTrue();
    assertThat(body.has("result")).isTrue();
    return body.path("result");
  }

  @Test
  @DisplayName(
      "the component metadata names the worker URL and name, the account, the API token as a secret and the API base URL")
  void componentMetadata() {
    ComponentMetadata metadata = fake.component("orders").build();
    assertThat(fake.componentType()).isEqualTo("compute.cloudflare.workers");
    assertThat(metadata.requireString("workerUrl")).isEqualTo(fake.baseUrl() + "/workers/dapr-fn");
    assertThat(metadata.requireString("workerName")).isEqualTo("dapr-fn");
    assertThat(metadata.requireString("accountId"))
        .isEqualTo(fake.accountId())
        .matches("[0-9a-f]{32}");
    assertThat(metadata.isSecret("apiToken")).isTrue();
    assertThat(metadata.secret("apiToken").orElseThrow().reveal().equals(fake.apiToken())).isTrue();
    assertThat(metadata.requireString("apiBaseUrl")).isEqualTo(fake.baseUrl() + "/client/v4");
    assertThat(metadata.isSecret("key")).isTrue();
    assertThat(metadata.requireString("audience")).isEqualTo("orders-fn");
  }

  @Test
  @DisplayName(
      "the component's worker answers from the start, and our bearer token reaches the function in Authorization")
  void deployedWorkerAnswers() {
    Reply reply = http.send(info("dapr-fn")).fromFunction();
    assertThat(reply.status()).isEqualTo(200);
    ReceivedRequest received = fake.function().received(Protocol.INFO_PATH).get(0);
    assertThat(received.token()).as("token rejected: %s", received.rejection()).isNotNull();
    assertThat(received.headers().first("authorization").orElseThrow()).startsWith("Bearer ");
    Reply echo =
        http.send(
                new Request.Builder()
                    .url(fake.workerUrl() + "/echo?a=1")
                    .header("Authorization", http.bearer())
                    .post(RequestBody.create("hi", MediaType.get("text/plain"))))
            .fromFunction();
    assertThat(echo.json().path("query").asText()).isEqualTo("a=1");
    assertThat(echo.json().path("body").asText()).isEqualTo("hi");
    assertThat(fake.workersDevEnabled("dapr-fn")).isTrue();
    assertThat(fake.uploadedScript("dapr-fn").orElseThrow().mainModule())
        .isEqualTo(CloudflareWorkersFake.PLACEHOLDER_MODULE);
  }

  @Test
  @DisplayName("a missing worker, or one with workers.dev disabled, is the edge's 404 page")
  void missingWorker() {
    Reply missing = http.send(info("nobody")).fromPlatform();
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.header("Content-Type")).startsWith("text/html");
    assertThat(missing.body()).contains("There is nothing here yet");
    fake.workersDev("dapr-fn", false);
    assertThat(http.send(info("dapr-fn")).fromPlatform().status()).isEqualTo(404);
    fake.workersDev("dapr-fn", true);
    assertThat(http.send(info("dapr-fn")).fromFunction().status()).isEqualTo(200);
    fake.undeploy("dapr-fn");
    assertThat(http.send(info("dapr-fn")).fromPlatform().status()).isEqualTo(404);
    assertThat(fake.function().received()).hasSize(1);
    assertThatThrownBy(() -> fake.workersDev("dapr-fn", true))
        .isInstanceOf(IllegalStateException.class);
    fake.deploy("dapr-fn");
    assertThat(http.send(info("dapr-fn")).fromFunction().status()).isEqualTo(200);
  }

  @Test
  @DisplayName(
      "a missing or wrong API token, or another account, is 403 with code 10000 'Authentication error'")
  void apiAuthentication() {
    List<Request.Builder> refused =
        List.of(
            new Request.Builder().url(fake.apiBaseUrl() + "/user/tokens/verify"),
            new Request.Builder()
                .url(fake.apiBaseUrl() + "/user/tokens/verify")
                .header("Authorization", "Bearer wrong"),
            new Request.Builder()
                .url(fake.apiBaseUrl() + scripts() + "/dapr-fn/settings")
                .header("Authorization", http.bearer()),
            api("/accounts/0123456789abcdef0123456789abcdef/workers/scripts/dapr-fn/settings"));
    for (Request.Builder request : refused) {
      JsonNode error = apiError(http.send(request).fromPlatform(), 403, 10000);
      assertThat(error.path("message").asText()).isEqualTo("Authentication error");
    }
  }

  @Test
  @DisplayName("GET /user/tokens/verify says the token is active")
  void verifyToken() {
    Reply reply = http.send(api("/user/tokens/verify")).fromPlatform();
    JsonNode result = apiResult(reply);
    assertThat(result.path("status").asText()).isEqualTo("active");
    assertThat(result.path("id").asText()).isNotEmpty();
    assertThat(reply.json().path("messages").get(0).path("message").asText())
        .isEqualTo("This API Token is valid and active");
  }

  @Test
  @DisplayName(
      "GET .../workers/subdomain gives the account's workers.dev subdomain, or 10007 for an account without one")
  void accountSubdomain() {
    JsonNode result =
        apiResult(http.send(api("/accounts/" + fake.accountId() + "/workers/subdomain")));
    assertThat(result.path("subdomain").asText())
        .isEqualTo(CloudflareWorkersFake.ACCOUNT_SUBDOMAIN);

    fake.accountSubdomain(null);
    apiError(http.send(api("/accounts/" + fake.accountId() + "/workers/subdomain")), 404, 10007);
    fake.reset();
    assertThat(
            apiResult(http.send(api("/accounts/" + fake.accountId() + "/workers/subdomain")))
                .path("subdomain")
                .asText())
        .as("reset restores it")
        .isEqualTo(CloudflareWorkersFake.ACCOUNT_SUBDOMAIN);
  }

  @Test
  @DisplayName(
      "settings of an absent script are 404 with code 10007 workers.api.error.script_not_found")
  void settingsOfAnAbsentScript() {
    for (String sub : List.of("/settings", "/subdomain")) {
      JsonNode error =
          apiError(http.send(api(scripts() + "/nobody" + sub)).fromPlatform(), 404, 10007);
      assertThat(error.path("message").asText()).isEqualTo("workers.api.error.script_not_found");
    }
    apiError(http.send(api(scripts() + "/nobody").delete()), 404, 10007);
    apiError(http.send(api("/accounts/" + fake.accountId() + "/nowhere")), 404, 7000);
  }

  @Test
  @DisplayName(
      "a multipart upload stores the script, its bindings and an etag; the worker answers once workers.dev is enabled")
  void uploadThenWorkerAnswers() {
    Reply uploaded =
        http.send(
                api(scripts() + "/dapr-jump?excludeScript=true&bindings_inherit=strict")
                    .put(upload(METADATA)))
            .fromPlatform();
    JsonNode result = apiResult(uploaded);
    assertThat(result.path("id").asText()).isEqualTo("dapr-jump");
    assertThat(result.path("etag").asText()).matches("[0-9a-f]{64}");
    assertThat(result.path("compatibility_date").asText()).isEqualTo("2025-01-01");
    assertThat(result.path("handlers").get(0).asText()).isEqualTo("fetch");
    assertThat(result.path("created_on").asText()).isNotEmpty();
    assertThat(result.path("modified_on").asText()).isNotEmpty();

    WorkerScript script = fake.uploadedScript("dapr-jump").orElseThrow();
    assertThat(script.mainModule()).isEqualTo("worker.js");
    assertThat(script.main().content().toUtf8()).isEqualTo(JUMP_WORKER);
    assertThat(script.main().contentType()).startsWith("application/javascript+module");
    assertThat(script.compatibilityFlags()).containsExactly("nodejs_compat");
    assertThat(script.etag()).isEqualTo(result.path("etag").asText());
    assertThat(script.binding("APP_VERSION").orElseThrow().text()).contains("1.4.0");
    assertThat(script.binding("JWT_PUBLIC_KEY").orElseThrow().type()).isEqualTo("secret_text");
    assertThat(
            script
                .binding("JWT_PUBLIC_KEY")
                .orElseThrow()
                .text()
                .orElseThrow()
                .equals("c2VjcmV0LWtleQ"))
        .isTrue();
    assertThat(script.binding("JWT_PUBLIC_KEY").orElseThrow().toString())
        .doesNotContain("c2VjcmV0LWtleQ");
    assertThat(script.binding("TARGET").orElseThrow().definition())
        .containsEntry("service", "dapr-fn");

    assertThat(http.send(info("dapr-jump")).fromPlatform().status())
        .as("workers.dev starts disabled")
        .isEqualTo(404);
    JsonNode toggled =
        apiResult(
            http.send(
                api(scripts() + "/dapr-jump/subdomain")
                    .post(
                        RequestBody.create(
                            "{\"enabled\":true,\"previews_enabled\":false}",
                            MediaType.get("application/json")))));
    assertThat(toggled.path("enabled").asBoolean()).isTrue();
    assertThat(toggled.path("previews_enabled").asBoolean(true)).isFalse();
    assertThat(
            apiResult(http.send(api(scripts() + "/dapr-jump/subdomain")))
                .path("enabled")
                .asBoolean())
        .isTrue();
    assertThat(http.send(info("dapr-jump")).fromFunction().status()).isEqualTo(200);

    JsonNode settings = apiResult(http.send(api(scripts() + "/dapr-jump/settings")));
    assertThat(settings.path("compatibility_date").asText()).isEqualTo("2025-01-01");
    JsonNode bindings = settings.path("bindings");
    assertThat(bindings).hasSize(3);
    assertThat(bindings.findValuesAsText("name"))
        .containsExactly("JWT_PUBLIC_KEY", "APP_VERSION", "TARGET");
    assertThat(bindings.get(0).has("text")).as("secret text is never returned").isFalse();
    assertThat(bindings.get(1).path("text").asText()).isEqualTo("1.4.0");

    JsonNode list = apiResult(http.send(api(scripts())));
    assertThat(list.findValuesAsText("id")).containsExactly("dapr-fn", "dapr-jump");

    apiResult(http.send(api(scripts() + "/dapr-jump/subdomain").delete()));
    assertThat(http.send(info("dapr-jump")).fromPlatform().status()).isEqualTo(404);
  }

  @Test
  @DisplayName(
      "a re-upload gets a new etag, keeps the workers.dev toggle and the kept binding types")
  void reupload() {
    String firstEtag =
        apiResult(http.send(api(scripts() + "/dapr-jump").put(upload(METADATA))))
            .path("etag")
            .asText();
    fake.workersDev("dapr-jump", true);
    String second =
        "{\"main_module\":\"worker.js\",\"compatibility_date\":\"2025-02-01\",\"keep_bindings\":[\"secret_text\"],"
            + "\"bindings\":[{\"type\":\"plain_text\",\"name\":\"APP_VERSION\",\"text\":\"1.5.0\"}]}";
    String secondEtag =
        apiResult(http.send(api(scripts() + "/dapr-jump").put(upload(second))))
            .path("etag")
            .asText();
    assertThat(secondEtag).isNotEqualTo(firstEtag);
    WorkerScript script = fake.uploadedScript("dapr-jump").orElseThrow();
    assertThat(script.binding("APP_VERSION").orElseThrow().text()).contains("1.5.0");
    assertThat(script.binding("JWT_PUBLIC_KEY")).as("kept by keep_bindings").isPresent();
    assertThat(script.binding("TARGET")).as("a service binding is not kept").isEmpty();
    assertThat(fake.workersDevEnabled("dapr-jump")).isTrue();
    assertThat(http.send(info("dapr-jump")).fromFunction().status()).isEqualTo(200);
  }

  @Test
  @DisplayName("an upload without metadata, main module or multipart is 400 in the envelope")
  void badUploads() {
    apiError(
        http.send(
            api(scripts() + "/bad")
                .put(RequestBody.create("{}", MediaType.get("application/json")))),
        400,
        10006);
    RequestBody noMetadata =
        new MultipartBody.Builder()
            .setType(MultipartBody.FORM)
            .addFormDataPart(
                "worker.js",
                "worker.js",
                RequestBody.create(JUMP_WORKER, MediaType.get("application/javascript+module")))
            .build();
    apiError(http.send(api(scripts() + "/bad").put(noMetadata)), 400, 10021);
    apiError(
        http.send(api(scripts() + "/bad").put(upload("{\"main_module\":\"other.js\"}"))),
        400,
        10021);
    apiError(
        http.send(api(scripts() + "/bad").put(upload("{\"body_part\":\"worker.js\"}"))),
        400,
        10021);
    apiError(http.send(api(scripts() + "/bad").put(upload("not json"))), 400, 10006);
    assertThat(fake.uploadedScript("bad")).isEmpty();
  }

  @Test
  @DisplayName(
      "an upload whose service binding names a script that does not exist is 400 code 10143, as Cloudflare refuses it")
  void serviceBindingTargetMustExist() {
    String metadata =
        "{\"main_module\":\"worker.js\",\"bindings\":[{\"type\":\"service\",\"name\":\"TARGET\","
            + "\"service\":\"orders-app\"}]}";
    JsonNode error =
        apiError(http.send(api(scripts() + "/dapr-jump").put(upload(metadata))), 400, 10143);
    assertThat(error.path("message").asText()).contains("TARGET").contains("orders-app");
    assertThat(fake.uploadedScript("dapr-jump")).isEmpty();

    fake.deploy("orders-app");
    apiResult(http.send(api(scripts() + "/dapr-jump").put(upload(metadata))));
    assertThat(fake.uploadedScript("dapr-jump")).isPresent();
  }

  @Test
  @DisplayName(
      "PATCH .../settings replaces the keys it names and keeps a secret's text when the binding has none")
  void patchSettings() {
    apiResult(http.send(api(scripts() + "/dapr-jump").put(upload(METADATA))));
    String patch =
        "{\"compatibility_date\":\"2025-03-01\",\"logpush\":true,\"bindings\":["
            + "{\"type\":\"secret_text\",\"name\":\"JWT_PUBLIC_KEY\"},{\"type\":\"plain_text\",\"name\":\"APP_VERSION\",\"text\":\"2.0.0\"}]}";
    RequestBody multipart =
        new MultipartBody.Builder()
            .setType(MultipartBody.FORM)
            .addFormDataPart(
                "settings", null, RequestBody.create(patch, MediaType.get("application/json")))
            .build();
    JsonNode settings =
        apiResult(http.send(api(scripts() + "/dapr-jump/settings").patch(multipart)));
    assertThat(settings.path("compatibility_date").asText()).isEqualTo("2025-03-01");
    assertThat(settings.path("logpush").asBoolean()).isTrue();
    assertThat(settings.path("bindings")).hasSize(2);
    WorkerScript script = fake.uploadedScript("dapr-jump").orElseThrow();
    assertThat(
            script
                .binding("JWT_PUBLIC_KEY")
                .orElseThrow()
                .text()
                .orElseThrow()
                .equals("c2VjcmV0LWtleQ"))
        .isTrue();
    assertThat(script.binding("APP_VERSION").orElseThrow().text()).contains("2.0.0");
    assertThat(script.binding("TARGET")).isEmpty();
    assertThat(
            apiResult(http.send(api(scripts() + "/dapr-jump/settings")))
                .path("logpush")
                .asBoolean())
        .isTrue();
    apiError(
        http.send(
            api(scripts() + "/nobody/settings")
                .patch(RequestBody.create("{}", MediaType.get("application/json")))),
        404,
        10007);
  }

  @Test
  @DisplayName(
      "a rate-limited API answers 429 with retry-after in the envelope until the limit is lifted")
  void rateLimitedApi() {
    fake.rateLimitApi(Duration.ofSeconds(300));
    Reply reply = http.send(api("/user/tokens/verify")).fromPlatform();
    apiError(reply, 429, 971);
    assertThat(reply.header("retry-after")).isEqualTo("300");
    assertThat(http.send(info("dapr-fn")).fromFunction().status())
        .as("the worker host is not rate-limited")
        .isEqualTo(200);
    fake.stopRateLimitingApi();
    apiResult(http.send(api("/user/tokens/verify")));
  }

  private Reply faulted(PlatformFault fault) {
    fake.failNext(1, fault);
    return http.send(info("dapr-fn")).fromPlatform();
  }

  @Test
  @DisplayName(
      "each fault on the worker host is answered in Cloudflare's words, without the function's marker")
  void workerHostFaults() {
    Reply notFound = faulted(PlatformFault.notFound());
    assertThat(notFound.status()).isEqualTo(404);
    assertThat(notFound.body()).contains("There is nothing here yet");

    assertThat(faulted(PlatformFault.unauthorized()).status()).isEqualTo(401);
    assertThat(faulted(PlatformFault.forbidden()).status()).isEqualTo(403);

    Reply throttled = faulted(PlatformFault.throttled(Duration.ofSeconds(60)));
    assertThat(throttled.status()).isEqualTo(429);
    assertThat(throttled.header("Retry-After")).isEqualTo("60");
    assertThat(throttled.body()).contains("1015");

    Reply serverError = faulted(PlatformFault.serverError());
    assertThat(serverError.status()).isEqualTo(500);
    assertThat(serverError.header("Content-Type")).startsWith("text/html");
    assertThat(serverError.body()).contains("1101").contains("Worker threw exception");

    long start = System.nanoTime();
    Reply coldStart = faulted(PlatformFault.coldStart(Duration.ofMillis(200)));
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(200));
    assertThat(coldStart.status()).isEqualTo(503);
    assertThat(coldStart.body()).contains("1102");

    Reply gatewayTimeout = faulted(PlatformFault.gatewayTimeout());
    assertThat(gatewayTimeout.status()).isEqualTo(524);
    assertThat(gatewayTimeout.body()).contains("A timeout occurred");

    Reply malformed = faulted(PlatformFault.malformedBody());
    assertThat(malformed.status()).isEqualTo(200);
    assertThat(malformed.header("Content-Type")).startsWith("text/html");

    fake.failNext(1, PlatformFault.connectionReset());
    http.failure(info("dapr-fn"));

    assertThat(fake.function().received()).as("no fault reached the function").isEmpty();
  }

  @Test
  @DisplayName("faults on the API face are written in the envelope")
  void apiFaults() {
    fake.failNext(1, PlatformFault.notFound());
    apiError(http.send(api(scripts() + "/dapr-fn/settings")).fromPlatform(), 404, 10007);
    fake.failNext(1, PlatformFault.unauthorized());
    apiError(http.send(api(scripts() + "/dapr-fn/settings")).fromPlatform(), 403, 10000);
    fake.failNext(1, PlatformFault.forbidden());
    apiError(http.send(api(scripts() + "/dapr-fn/settings")).fromPlatform(), 403, 10000);
    fake.failNext(1, PlatformFault.throttled(Duration.ofSeconds(2)));
    Reply throttled = http.send(api(scripts() + "/dapr-fn/settings")).fromPlatform();
    apiError(throttled, 429, 971);
    assertThat(throttled.header("retry-after")).isEqualTo("2");
    fake.failNext(1, PlatformFault.serverError());
    apiError(http.send(api(scripts() + "/dapr-fn/settings")).fromPlatform(), 500, 10013);
    fake.failNext(1, PlatformFault.gatewayTimeout());
    assertThat(http.send(api(scripts() + "/dapr-fn/settings")).fromPlatform().status())
        .isEqualTo(524);
  }

  @Test
  @DisplayName(
      "calls to both faces are recorded, and reset restores only the component's worker, deployed, without a rate limit")
  void recordedCallsAndReset() {
    http.send(api(scripts() + "/dapr-jump").put(upload(METADATA)));
    http.send(info("dapr-fn"));
    assertThat(fake.recordedCalls()).extracting(RecordedCall::method).containsExactly("PUT", "GET");
    assertThat(fake.recordedCalls().get(0).path())
        .isEqualTo("/client/v4" + scripts() + "/dapr-jump");
    assertThat(fake.recordedCalls().get(0).query()).isEmpty();
    assertThat(fake.recordedCalls().get(1).path())
        .isEqualTo("/workers/dapr-fn" + Protocol.INFO_PATH);

    fake.undeploy("dapr-fn");
    fake.rateLimitApi(Duration.ofSeconds(1));
    fake.failAlways(PlatformFault.serverError());
    fake.reset();
    assertThat(fake.recordedCalls()).isEmpty();
    assertThat(fake.scriptNames()).containsExactly("dapr-fn");
    assertThat(fake.uploadedScript("dapr-jump")).isEmpty();
    assertThat(http.send(info("dapr-fn")).fromFunction().status()).isEqualTo(200);
    apiResult(http.send(api("/user/tokens/verify")));
  }
}
