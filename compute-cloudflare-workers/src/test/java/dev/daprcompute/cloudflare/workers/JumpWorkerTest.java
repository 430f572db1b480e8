package dev.daprcompute.cloudflare.workers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.daprcompute.api.token.SigningKey;
import dev.daprcompute.api.token.TokenSigner;
import dev.daprcompute.cloudflare.workers.workerd.Workerd;
import dev.daprcompute.cloudflare.workers.workerd.WorkerdConfig;
import dev.daprcompute.cloudflare.workers.workerd.WorkerdConfig.Binding;
import dev.daprcompute.protocol.InfoDocument;
import dev.daprcompute.protocol.Metadata;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.TopicSubscription;
import dev.daprcompute.protocol.wire.TokenChallenge;
import dev.daprcompute.protocol.wire.WireFormat;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentest4j.TestAbortedException;

/**
 * The bundled jump worker in real workerd, in front of a sample user's worker (an ordinary Dapr
 * HTTP app, {@code target-worker.js}) reachable only through its service binding, driven as the
 * Java component drives it: plain HTTP with tokens from {@link TokenSigner}. One workerd for the
 * whole class.
 */
@DisplayName("the jump worker in real workerd")
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JumpWorkerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AUDIENCE = "orders-worker";
  private static final okhttp3.MediaType CLOUDEVENT =
      okhttp3.MediaType.get("application/cloudevents+json");
  private static final okhttp3.MediaType JSON_TYPE = okhttp3.MediaType.get("application/json");

  private static JumpWorkerBundle bundle;
  private static SigningKey current;
  private static SigningKey rotated;
  private static SigningKey unknown;
  private static TokenSigner signer;
  private static Workerd workerd;
  private static OkHttpClient http;
  private static String skipped;

  /**
   * Bound to a loopback port but not listening, for the whole class: workerd's connections to it
   * are refused at once, and no other process can take the port meanwhile.
   */
  private static Socket refusing;

  @BeforeAll
  @Timeout(value = 5, unit = TimeUnit.MINUTES) // the first run installs workerd from npm
  static void start() throws IOException {
    bundle = JumpWorkerBundle.load();
    current = SigningKey.generateEd25519();
    rotated = SigningKey.generateEd25519();
    unknown = SigningKey.generateEd25519();
    signer = new TokenSigner(current);
    String keySet = "{\"keys\":[" + current.publicJwk() + "," + rotated.publicJwk() + "]}";
    refusing = new Socket();
    refusing.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    int closedPort = refusing.getLocalPort();
    WorkerdConfig config =
        WorkerdConfig.builder()
            .worker("target", UploadedWorkers.targetWorker())
            .worker(
                "jump",
                bundle.worker(
                    List.of(
                        Binding.json(bundle.publicKeysBinding(), keySet),
                        Binding.text(bundle.audienceBinding(), AUDIENCE),
                        Binding.service(bundle.targetBinding(), "target"),
                        Binding.json(bundle.inputBindingsBinding(), "[\"checkout\"]"))))
            .worker(
                "jump-pem",
                bundle.worker(
                    List.of(
                        Binding.text(bundle.publicKeysBinding(), current.publicKeyPem()),
                        Binding.text(bundle.audienceBinding(), AUDIENCE),
                        Binding.service(bundle.targetBinding(), "target"),
                        Binding.text(bundle.inputBindingsBinding(), "checkout, inventory"))))
            .external("nowhere", "127.0.0.1:" + closedPort)
            .worker(
                "jump-unreachable",
                bundle.worker(
                    List.of(
                        Binding.json(bundle.publicKeysBinding(), keySet),
                        Binding.text(bundle.audienceBinding(), AUDIENCE),
                        Binding.service(bundle.targetBinding(), "nowhere"))))
            .worker(
                "jump-misconfigured",
                bundle.worker(
                    List.of(
                        Binding.text(bundle.audienceBinding(), AUDIENCE),
                        Binding.service(bundle.targetBinding(), "target"))))
            .expose("jump")
            .expose("jump-pem")
            .expose("jump-unreachable")
            .expose("jump-misconfigured")
            .build();
    try {
      workerd = Workerd.start(config);
    } catch (TestAbortedException e) {
      skipped =
          e.getMessage(); // no Node here: skip each test, so the counts show it (a skipped class
      // shows as 0)
      return;
    }
    http =
        new OkHttpClient.Builder()
            .followRedirects(false)
            .retryOnConnectionFailure(false)
            .callTimeout(Duration.ofSeconds(10))
            .build();
  }

  @BeforeEach
  void workerdRuns() {
    Assumptions.assumeTrue(skipped == null, () -> skipped);
  }

  @AfterAll
  static void stop() throws IOException {
    if (workerd != null) {
      workerd.close();
    }
    if (refusing != null) {
      refusing.close();
    }
  }

  // --- helpers ---

  private record Answer(int code, Map<String, List<String>> headers, String body) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }

    JsonNode json() throws IOException {
      return JSON.readTree(body);
    }

    boolean marked() {
      return "1".equals(header("Dapr-Compute-Protocol"));
    }
  }

  private static Answer call(Request.Builder request) throws IOException {
    try (Response response = http.newCall(request.build()).execute()) {
      return new Answer(response.code(), response.headers().toMultimap(), response.body().string());
    }
  }

  private static Request.Builder request(String service, String pathAndQuery, String token) {
    Request.Builder builder = new Request.Builder().url(workerd.url(service) + pathAndQuery);
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private static Answer get(String service, String path) throws IOException {
    return call(request(service, path, signer.token(AUDIENCE, "checkout")));
  }

  private static Answer post(String path, String body, okhttp3.MediaType type) throws IOException {
    return call(
        request("jump", path, signer.token(AUDIENCE, "checkout"))
            .post(RequestBody.create(body, type)));
  }

  private static String cloudEvent(String id, String answer) {
    return "{\"specversion\":\"1.0\",\"id\":\""
        + id
        + "\",\"source\":\"checkout\",\"type\":\"com.dapr.event.sent\","
        + "\"datacontenttype\":\"application/json\",\"data\":{\"answer\":\""
        + answer
        + "\"},"
        + "\"topic\":\"orders\",\"pubsubname\":\"pubsub\",\"traceparent\":\"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\"}";
  }

  private void assertRefused(Answer answer, String why) {
    assertThat(answer.code()).as(answer.body()).isEqualTo(401);
    assertThat(answer.marked()).as("the jump worker refused it: marked").isTrue();
    String challenge = answer.header("WWW-Authenticate");
    assertThat(challenge).startsWith("Bearer error=\"invalid_token\", error_description=\"");
    assertThat(TokenChallenge.read(401, Metadata.of(Protocol.WWW_AUTHENTICATE, challenge)))
        .as("the component's reader understands it: %s", challenge)
        .hasValueSatisfying(text -> assertThat(text).contains(why));
  }

  // --- the protocol ---

  @Nested
  class Info {
    @Test
    void the_jump_worker_answers_it_with_its_version_bindings_and_the_targets_bulk_subscription()
        throws Exception {
      Answer answer = get("jump", "/.well-known/dapr/info");

      assertThat(answer.code()).as(answer.body()).isEqualTo(200);
      assertThat(answer.marked()).isTrue();
      InfoDocument info = WireFormat.readInfo(answer.body().getBytes());
      assertThat(info.protocol()).isEqualTo(1);
      assertThat(info.version()).isEqualTo(bundle.version());
      assertThat(info.sdk()).isEqualTo("dapr-compute-cloudflare-jump-worker");
      assertThat(info.features()).containsExactly("bulkTopicEvents");
      assertThat(info.inputBindings()).containsExactly("checkout");
    }

    @Test
    void input_bindings_may_be_plain_text_and_the_key_a_PEM() throws Exception {
      Answer answer = get("jump-pem", "/.well-known/dapr/info");

      assertThat(answer.code()).as(answer.body()).isEqualTo(200);
      assertThat(WireFormat.readInfo(answer.body().getBytes()).inputBindings())
          .containsExactly("checkout", "inventory");
    }
  }

  @Nested
  class Invocations {
    @ParameterizedTest
    @ValueSource(strings = {"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"})
    void reach_the_users_worker_with_verb_path_query_headers_and_body_but_without_our_token(
        String verb) throws Exception {
      boolean body = !verb.equals("GET") && !verb.equals("OPTIONS");
      Request.Builder request =
          request("jump", "/orders/42?x=1&y=a%20b", signer.token(AUDIENCE, "checkout"))
              .header("X-Tenant", "t1")
              .header("Dapr-Compute-Protocol", "1")
              .method(verb, body ? RequestBody.create("{\"n\":1}", JSON_TYPE) : null);

      Answer answer = call(request);

      assertThat(answer.code()).as(answer.body()).isEqualTo(200);
      assertThat(answer.marked()).isTrue();
      JsonNode echo = answer.json();
      assertThat(echo.get("method").asText()).isEqualTo(verb);
      assertThat(echo.get("path").asText()).isEqualTo("/orders/42");
      assertThat(echo.get("query").asText()).isEqualTo("x=1&y=a%20b");
      assertThat(echo.at("/headers/x-tenant").asText()).isEqualTo("t1");
      assertThat(echo.get("body").asText()).isEqualTo(body ? "{\"n\":1}" : "");
      assertThat(echo.get("headers").has("authorization"))
          .as("our token stays with the jump worker")
          .isFalse();
      assertThat(echo.get("headers").has("dapr-compute-protocol")).isFalse();
    }

    @Test
    void with_the_token_in_Dapr_Authorization_Authorization_belongs_to_the_caller_and_is_forwarded()
        throws Exception {
      Answer answer =
          call(
              new Request.Builder()
                  .url(workerd.url("jump") + "/echo")
                  .header("Dapr-Authorization", "Bearer " + signer.token(AUDIENCE, null))
                  .header("Authorization", "Basic dXNlcjpwYXNz"));

      assertThat(answer.code()).as(answer.body()).isEqualTo(200);
      JsonNode headers = answer.json().get("headers");
      assertThat(headers.get("authorization").asText()).isEqualTo("Basic dXNlcjpwYXNz");
      assertThat(headers.has("dapr-authorization")).isFalse();
    }

    @Test
    void the_users_own_errors_and_redirects_are_its_answers_marked_and_not_followed()
        throws Exception {
      Answer failed = get("jump", "/fail");
      assertThat(failed.code()).isEqualTo(500);
      assertThat(failed.body()).isEqualTo("the app failed");
      assertThat(failed.marked())
          .as("a 500 of the user's worker is the function's answer")
          .isTrue();

      Answer notFound = get("jump", "/anything?status=404");
      assertThat(notFound.code()).isEqualTo(404);
      assertThat(notFound.marked()).isTrue();

      Answer redirect = get("jump", "/redirect");
      assertThat(redirect.code()).isEqualTo(307);
      assertThat(redirect.header("Location")).isEqualTo("/elsewhere");
      assertThat(redirect.marked()).isTrue();
    }
  }

  @Nested
  class TopicEvents {
    @ParameterizedTest
    @ValueSource(strings = {"SUCCESS", "RETRY", "DROP"})
    void the_users_status_comes_back_marked(String status) throws Exception {
      Answer answer = post("/orders", cloudEvent("e-" + status, status), CLOUDEVENT);

      assertThat(answer.code()).as(answer.body()).isEqualTo(200);
      assertThat(answer.marked()).isTrue();
      assertThat(answer.json().get("status").asText()).isEqualTo(status);
    }

    @Test
    void the_users_404_is_its_own_answer_which_Dapr_reads_as_DROP() throws Exception {
      Answer answer = post("/orders", cloudEvent("e-404", "NOTFOUND"), CLOUDEVENT);

      assertThat(answer.code()).isEqualTo(404);
      assertThat(answer.marked()).isTrue();
    }

    @Test
    void a_bulk_batch_gets_a_status_per_entry() throws Exception {
      String batch =
          "{\"id\":\"b-1\",\"type\":\"com.dapr.event.sent.bulk\",\"topic\":\"audit\",\"pubsubname\":\"pubsub\","
              + "\"metadata\":{},\"entries\":["
              + "{\"entryId\":\"1\",\"event\":"
              + cloudEvent("1", "SUCCESS")
              + ",\"metadata\":{},"
              + "\"contentType\":\"application/cloudevents+json\"},"
              + "{\"entryId\":\"2\",\"event\":"
              + cloudEvent("2", "RETRY")
              + ",\"metadata\":{},"
              + "\"contentType\":\"application/cloudevents+json\"},"
              + "{\"entryId\":\"3\",\"event\":{\"answer\":\"DROP\"},\"metadata\":{},\"contentType\":\"application/json\"}]}";

      Answer answer = post("/audit", batch, JSON_TYPE);

      assertThat(answer.code()).as(answer.body()).isEqualTo(200);
      assertThat(answer.marked()).isTrue();
      assertThat(WireFormat.readBulkStatuses(answer.body().getBytes()))
          .containsExactly(
              Map.entry("1", "SUCCESS"), Map.entry("2", "RETRY"), Map.entry("3", "DROP"));
    }

    @Test
    void the_subscriptions_are_the_users_own() throws Exception {
      Answer answer = get("jump", "/dapr/subscribe");

      assertThat(answer.code()).isEqualTo(200);
      assertThat(answer.marked()).isTrue();
      List<TopicSubscription> subscriptions =
          WireFormat.readSubscriptions(answer.body().getBytes());
      assertThat(subscriptions)
          .extracting(TopicSubscription::topic)
          .containsExactly("orders", "audit");
      assertThat(subscriptions.get(1).bulk())
          .hasValueSatisfying(bulk -> assertThat(bulk.enabled()).isTrue());
    }
  }

  @Nested
  class Bindings {
    @Test
    void daprds_probe_and_an_event_with_its_reply() throws Exception {
      Answer probe =
          call(request("jump", "/checkout", signer.token(AUDIENCE, null)).method("OPTIONS", null));
      assertThat(probe.code()).isEqualTo(200);
      assertThat(probe.marked()).isTrue();

      Answer answer =
          call(
              request("jump", "/checkout", signer.token(AUDIENCE, null))
                  .header("x-binding-key", "v")
                  .post(RequestBody.create("order 7", JSON_TYPE)));

      assertThat(answer.code()).as(answer.body()).isEqualTo(200);
      assertThat(answer.marked()).isTrue();
      assertThat(answer.body()).isEqualTo("receipt for order 7");
      assertThat(answer.header("Dapr-Binding-To")).isEqualTo("out1,out2");
      assertThat(answer.header("Dapr-Binding-Concurrency")).isEqualTo("parallel");
    }
  }

  // --- tokens ---

  @Nested
  class Tokens {
    @Test
    void an_expired_token_is_refused() throws Exception {
      String expired =
          new TokenSigner(
                  current,
                  Clock.offset(Clock.systemUTC(), Duration.ofHours(-2)),
                  Duration.ofSeconds(60))
              .token(AUDIENCE, null);
      assertRefused(call(request("jump", "/echo", expired)), "token expired at ");
    }

    @Test
    void a_token_for_another_audience_is_refused() throws Exception {
      assertRefused(
          call(request("jump", "/echo", signer.token("payments-worker", null))),
          "wrong audience 'payments-worker'; this function accepts 'orders-worker'");
    }

    @Test
    void a_tampered_token_is_refused() throws Exception {
      String[] good = signer.token(AUDIENCE, "checkout").split("\\.");
      String[] other = signer.token("payments-worker", "checkout").split("\\.");
      assertRefused(
          call(request("jump", "/echo", good[0] + "." + other[1] + "." + good[2])),
          "bad signature: the token was not signed by key '" + current.keyId() + "'");
    }

    @Test
    void a_token_of_an_unknown_key_is_refused() throws Exception {
      assertRefused(
          call(request("jump", "/echo", new TokenSigner(unknown).token(AUDIENCE, null))),
          "unknown key id '" + unknown.keyId() + "'");
    }

    @Test
    void a_request_without_token_is_refused_info_included() throws Exception {
      assertRefused(call(request("jump", "/.well-known/dapr/info", null)), "no token");
    }

    @Test
    void
        both_keys_of_a_rotated_set_are_accepted_and_a_worker_with_only_the_old_one_refuses_the_new()
            throws Exception {
      String fromRotated = new TokenSigner(rotated).token(AUDIENCE, null);

      assertThat(call(request("jump", "/echo", fromRotated)).code()).isEqualTo(200);
      assertThat(get("jump", "/echo").code()).isEqualTo(200);
      assertRefused(
          call(request("jump-pem", "/echo", fromRotated)),
          "unknown key id '" + rotated.keyId() + "'");
    }
  }

  // --- who answered ---

  @Nested
  class PlatformFailures {
    @Test
    void an_unreachable_users_worker_is_a_502_without_the_marker_so_events_are_retried()
        throws Exception {
      for (String path : List.of("/orders", "/.well-known/dapr/info")) {
        Answer answer =
            path.equals("/orders")
                ? call(
                    request("jump-unreachable", path, signer.token(AUDIENCE, null))
                        .post(RequestBody.create(cloudEvent("e", "DROP"), CLOUDEVENT)))
                : get("jump-unreachable", path);
        assertThat(answer.code()).as(path).isEqualTo(502);
        assertThat(answer.marked())
            .as("the platform failed, not the function: no marker on " + path)
            .isFalse();
      }
    }

    @Test
    void a_users_worker_that_throws_is_a_502_without_the_marker() throws Exception {
      Answer answer = get("jump", "/throw");

      assertThat(answer.code()).isEqualTo(502);
      assertThat(answer.marked()).isFalse();
      assertThat(answer.json().get("error").asText())
          .isEqualTo("the target worker failed or could not be reached (Error)");
      assertThat(answer.body()).doesNotContain("the app crashed");
    }

    @Test
    void a_jump_worker_without_keys_names_the_missing_binding() throws Exception {
      Answer answer = get("jump-misconfigured", "/.well-known/dapr/info");

      assertThat(answer.code()).isEqualTo(500);
      assertThat(answer.json().get("error").asText()).contains("binding PUBLIC_KEYS is missing");
    }
  }
}
