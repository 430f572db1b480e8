package dev.daprcompute.cloudflare.workers;

import static dev.daprcompute.cloudflare.workers.Components.await;
import static dev.daprcompute.cloudflare.workers.Components.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.Compute;
import dev.daprcompute.api.FunctionRejectedException;
import dev.daprcompute.api.InitCheck;
import dev.daprcompute.api.InitReport;
import dev.daprcompute.api.token.SigningKey;
import dev.daprcompute.cloudflare.workers.workerd.Workerd;
import dev.daprcompute.protocol.BindingEventRequest;
import dev.daprcompute.protocol.Feature;
import dev.daprcompute.protocol.HttpVerb;
import dev.daprcompute.protocol.InvokeRequest;
import dev.daprcompute.protocol.Payload;
import dev.daprcompute.protocol.TopicEventRequest;
import dev.daprcompute.protocol.TopicEventStatus;
import dev.daprcompute.protocol.TopicSubscription;
import dev.daprcompute.protocol.internal.Json;
import dev.daprcompute.testkit.CloudflareWorkersFake;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.opentest4j.TestAbortedException;

/**
 * The managed mode end to end: the provider uploads through the Cloudflare fake's API, and the
 * worker's host ({@link DeployedWorkerHost}) runs exactly what the fake received, modules and
 * bindings, in real workerd, next to the sample user's worker. So the upload is proven to run, key
 * rotation is proven in the real runtime (both keys accepted, then the old one refused), and an
 * upgrade keeps the user's INPUT_BINDINGS working.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("compute.cloudflare.workers, managed mode: what it uploads runs in real workerd")
class ManagedInWorkerdTest {
  private static final String JUMP = "orders-dapr";
  private static final String TARGET = "orders-app";

  private CloudflareWorkersFake fake;
  private DeployedWorkerHost host;
  private String skipped;
  private final Components components = new Components();

  @BeforeAll
  @Timeout(value = 5, unit = TimeUnit.MINUTES) // the first run installs workerd from npm
  void start() throws IOException {
    try {
      Workerd.binary();
    } catch (TestAbortedException e) {
      skipped = e.getMessage(); // no Node here: each test is skipped, so the counts show it
      return;
    }
    fake =
        CloudflareWorkersFake.start("unused"); // the fake's own reference function is not reached
    host = DeployedWorkerHost.start(fake, JUMP, Map.of(TARGET, UploadedWorkers.targetWorker()));
  }

  @BeforeEach
  void reset() {
    Assumptions.assumeTrue(skipped == null, () -> skipped);
    fake.reset();
    fake.deploy(TARGET); // the user's worker must exist before a service binding can name it
  }

  @AfterEach
  void closeComponents() {
    components.close();
  }

  @AfterAll
  void stop() throws IOException {
    components.close();
    if (host != null) {
      host.close();
    }
    if (fake != null) {
      fake.close();
    }
  }

  private ComponentMetadata metadata(SigningKey key) {
    return Components.managed("orders", fake, host.url(), JUMP, TARGET, key).build();
  }

  private static TopicEventRequest event(String answer) {
    return TopicEventRequest.of(
        "e-" + answer,
        "pubsub",
        "orders",
        Payload.ofUtf8("{\"answer\":\"" + answer + "\"}"),
        "application/json");
  }

  @Test
  @DisplayName(
      "the uploaded jump worker and its bindings serve every operation, with the worker's name as audience")
  void theUploadRuns() {
    SigningKey key = SigningKey.generateEd25519();
    int deployments = host.deployments();
    InitReport report = components.init(metadata(key));
    Compute compute = components.open(metadata(key));

    assertThat(report.check("ready").map(InitCheck::outcome)).contains(InitCheck.Outcome.PASSED);
    assertThat(host.deployments() - deployments)
        .as("one upload, run once: %s", host.stderr())
        .isEqualTo(1);
    assertThat(report.functionVersion()).isEqualTo(JumpWorker.bundled().version().toString());
    assertThat(report.sdk()).isEqualTo(JumpWorker.bundled().sdk());
    assertThat(compute.features()).contains(Feature.BULK_TOPIC_EVENTS, Feature.PLATFORM_CHECKS);
    assertThat(
            await(
                    compute.onInvoke(
                        InvokeRequest.of("orders/7", HttpVerb.GET).withQueryString("a=1")))
                .data()
                .toUtf8())
        .contains("\"path\":\"/orders/7\"")
        .contains("\"query\":\"a=1\"");
    assertThat(await(compute.onTopicEvent(event("DROP"))).status())
        .isEqualTo(TopicEventStatus.DROP);
    assertThat(
            await(
                    compute.onBindingEvent(
                        new BindingEventRequest("checkout", Payload.ofUtf8("order 9"), Map.of())))
                .data()
                .toUtf8())
        .isEqualTo("receipt for order 9");
    assertThat(await(compute.listTopicSubscriptions()))
        .extracting(TopicSubscription::topic)
        .containsExactly("orders", "audit");
  }

  @Test
  @DisplayName(
      "rotation: after a new key's init both keys are accepted; after the next init the old key is refused")
  void rotation() {
    SigningKey old = SigningKey.generateEd25519();
    SigningKey current = SigningKey.generateEd25519();
    int deployments = host.deployments();
    Compute before = components.open(metadata(old));
    assertThat(await(before.onInvoke(InvokeRequest.of("echo", HttpVerb.GET))).status())
        .isEqualTo(200);

    InitReport rotated = components.init(metadata(current));

    assertThat(rotated.check("jumpWorker").orElseThrow().detail())
        .contains("kept until the next init");
    assertThat(await(before.onInvoke(InvokeRequest.of("echo", HttpVerb.GET))).status())
        .as("the old key still works until the next init")
        .isEqualTo(200);

    Compute after = components.open(metadata(current));

    assertThat(await(after.onInvoke(InvokeRequest.of("echo", HttpVerb.GET))).status())
        .isEqualTo(200);
    Throwable refused = failureOf(before.onInvoke(InvokeRequest.of("echo", HttpVerb.GET)));
    assertThat(refused).isInstanceOf(FunctionRejectedException.class);
    assertThat(((FunctionRejectedException) refused).tokenRejection())
        .hasValueSatisfying(
            why -> assertThat(why).contains("unknown key id '" + old.keyId() + "'"));
    assertThat(await(before.onTopicEvent(event("SUCCESS"))).status())
        .as("a refused event is retried, never lost")
        .isEqualTo(TopicEventStatus.RETRY);
    assertThat(host.deployments() - deployments)
        .as("three uploads: the old key, both keys, the new key")
        .isEqualTo(3);
  }

  @Test
  @DisplayName(
      "an older jump worker is upgraded, and the user's INPUT_BINDINGS reach the info document")
  void upgradeKeepsInputBindings() throws IOException {
    SigningKey key = SigningKey.generateEd25519();
    Components.preDeploy(
        fake,
        JUMP,
        List.of(key),
        JUMP,
        TARGET,
        metadata -> {
          Components.binding(metadata, JumpWorker.bundled().versionBinding()).put("text", "0.9.0");
          ObjectNode inputBindings = metadata.withArray("bindings").addObject();
          inputBindings
              .put("type", "json")
              .put("name", JumpWorker.bundled().inputBindingsBinding())
              .set("json", Json.MAPPER.createArrayNode().add("checkout"));
        });

    InitReport report = components.init(metadata(key));

    assertThat(report.check("jumpWorker").orElseThrow().detail()).contains("(was '0.9.0')");
    assertThat(report.check("ready").map(InitCheck::outcome)).contains(InitCheck.Outcome.PASSED);
    assertThat(report.functionVersion()).isEqualTo(JumpWorker.bundled().version().toString());
    assertThat(report.inputBindings()).containsExactly("checkout");
  }
}
