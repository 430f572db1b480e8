package dev.daprcompute.cloudflare.workers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.daprcompute.api.token.SigningKey;
import dev.daprcompute.cloudflare.workers.Deployment.Action;
import dev.daprcompute.cloudflare.workers.Deployment.Deployed;
import dev.daprcompute.cloudflare.workers.Deployment.Plan;
import dev.daprcompute.protocol.internal.Json;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The managed mode's decision, from the settings Cloudflare returns for a script. */
@DisplayName("the managed mode's decision: upload, keep or refuse")
class DeploymentTest {
  private static final JumpWorker BUNDLE = JumpWorker.bundled();
  private static final SigningKey KEY = SigningKey.generateEd25519();
  private static final SigningKey OLD = SigningKey.generateEd25519();

  /**
   * Settings as Cloudflare returns them for what this provider uploads, changed by {@code change}.
   */
  private static Deployed deployed(List<SigningKey> keys, Consumer<ObjectNode> change) {
    ObjectNode metadata =
        BUNDLE.uploadMetadata(
            keys.stream().map(Deployment::ownJwk).toList(), "orders-dapr", "orders-app", null);
    change.accept(metadata);
    ObjectNode settings = Json.MAPPER.createObjectNode();
    settings.set("bindings", metadata.get("bindings"));
    settings.put("compatibility_date", BUNDLE.compatibilityDate());
    return Deployment.read(settings, BUNDLE);
  }

  private static Plan plan(Deployed deployed) {
    return Deployment.plan(deployed, BUNDLE, KEY, "orders-dapr", "orders-app");
  }

  private static List<String> kids(Plan plan) {
    return plan.keys().stream().map(k -> k.path("kid").asText()).toList();
  }

  @Test
  @DisplayName("reads what it uploaded: version, keys by thumbprint, audience, target")
  void readsItsOwnUpload() {
    Deployed deployed = deployed(List.of(KEY, OLD), m -> {});
    assertThat(deployed.version()).isEqualTo(BUNDLE.version().toString());
    assertThat(deployed.keys())
        .extracting(Deployment.DeployedKey::thumbprint)
        .containsExactly(KEY.keyId(), OLD.keyId());
    assertThat(deployed.audience()).isEqualTo("orders-dapr");
    assertThat(deployed.target()).isEqualTo("orders-app");
    assertThat(deployed.unreadableKeys()).isEmpty();
  }

  @Test
  @DisplayName("a json binding whose value comes back as text is read the same")
  void jsonAsText() {
    Deployed deployed =
        deployed(
            List.of(KEY, OLD),
            m -> {
              ObjectNode keys = (ObjectNode) m.withArray("bindings").get(0);
              keys.put("json", keys.get("json").toString());
            });
    assertThat(deployed.keys())
        .extracting(Deployment.DeployedKey::thumbprint)
        .containsExactly(KEY.keyId(), OLD.keyId());
  }

  @Test
  @DisplayName("missing: upload with the component's key alone")
  void missing() {
    Plan plan = Deployment.plan(null, BUNDLE, KEY, "orders-dapr", "orders-app");
    assertThat(plan.action()).isEqualTo(Action.UPLOAD);
    assertThat(kids(plan)).containsExactly(KEY.keyId());
  }

  @Test
  @DisplayName("the same version, key, audience and target: keep")
  void upToDate() {
    assertThat(plan(deployed(List.of(KEY), m -> {})).action()).isEqualTo(Action.KEEP);
  }

  @Test
  @DisplayName("a new key: upload it first with the old ones kept; the next time, the old ones go")
  void rotation() {
    Plan rotation = plan(deployed(List.of(OLD), m -> {}));
    assertThat(rotation.action()).isEqualTo(Action.UPLOAD);
    assertThat(kids(rotation)).containsExactly(KEY.keyId(), OLD.keyId());
    assertThat(rotation.why()).contains("kept until the next init");

    Plan removal = plan(deployed(List.of(OLD, KEY), m -> {}));
    assertThat(removal.action()).isEqualTo(Action.UPLOAD);
    assertThat(kids(removal)).containsExactly(KEY.keyId());
    assertThat(removal.why()).contains("key(s) " + OLD.keyId() + " removed");
  }

  @Test
  @DisplayName("no version binding: someone else's script, refused")
  void foreign() {
    Plan plan = plan(deployed(List.of(KEY), m -> m.withArray("bindings").remove(3)));
    assertThat(plan.action()).isEqualTo(Action.FOREIGN);
    assertThat(plan.why())
        .contains(BUNDLE.versionBinding())
        .contains("PUBLIC_KEYS, AUDIENCE, TARGET");
  }

  @Test
  @DisplayName(
      "older or unreadable versions are upgraded; newer ones kept, or refused when they lack the component's key")
  void versions() {
    assertThat(plan(deployed(List.of(KEY), m -> version(m, "0.1.0"))).why())
        .contains("(was '0.1.0')");
    assertThat(plan(deployed(List.of(KEY), m -> version(m, "not-a-version"))).action())
        .isEqualTo(Action.UPLOAD);
    assertThat(plan(deployed(List.of(KEY), m -> version(m, "99.0.0"))).action())
        .isEqualTo(Action.KEEP);
    assertThat(plan(deployed(List.of(KEY, OLD), m -> version(m, "99.0.0"))).action())
        .as("old keys stay on a newer worker")
        .isEqualTo(Action.KEEP);
    assertThat(plan(deployed(List.of(OLD), m -> version(m, "99.0.0"))).action())
        .isEqualTo(Action.NEWER);
  }

  @Test
  @DisplayName(
      "keys that cannot be read are dropped, and a PEM key setting is replaced by a JWK Set")
  void unreadableKeys() {
    Plan plan =
        plan(
            deployed(
                List.of(KEY),
                m ->
                    ((ObjectNode) m.withArray("bindings").get(0))
                        .withArray("/json/keys")
                        .addObject()
                        .put("kty", "oct")
                        .put("k", "c2VjcmV0")));
    assertThat(plan.action()).isEqualTo(Action.UPLOAD);
    assertThat(plan.why()).contains("unreadable keys dropped").contains("symmetric");
    assertThat(kids(plan)).containsExactly(KEY.keyId());

    Deployed pem =
        deployed(
            List.of(KEY),
            m -> {
              ObjectNode keys = (ObjectNode) m.withArray("bindings").get(0);
              keys.removeAll();
              keys.put("type", "plain_text")
                  .put("name", BUNDLE.publicKeysBinding())
                  .put("text", OLD.publicKeyPem());
            });
    assertThat(pem.keys()).isEmpty();
    assertThat(kids(plan(pem))).containsExactly(KEY.keyId());
  }

  private static void version(ObjectNode metadata, String version) {
    for (JsonNode binding : metadata.path("bindings")) {
      if (binding.path("name").asText().equals(BUNDLE.versionBinding())) {
        ((ObjectNode) binding).put("text", version);
      }
    }
  }
}
