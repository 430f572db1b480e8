package dev.daprcompute.cloudflare.workers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.daprcompute.api.token.SigningKey;
import dev.daprcompute.protocol.SemVer;
import dev.daprcompute.protocol.keys.JwsPublicKey;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The managed mode's decision: what the script's settings say about the deployed jump worker
 * ({@link #read}), and whether to upload the bundled one ({@link #plan}).
 *
 * <p>The deployed worker's version is the {@code JUMP_WORKER_VERSION} binding the provider writes
 * with every upload; a script without it is someone else's and is never replaced. Its keys are the
 * JWK Set in its {@code PUBLIC_KEYS} binding, known by their RFC 7638 thumbprints (the component's
 * key id). <b>Rotation:</b> when the component's key is not in the set, the upload puts it first
 * and keeps every key the set had, so components still signing with an old key keep working; the
 * next init that finds the component's key in the set with others removes the others. Thread-safe;
 * stateless.
 */
final class Deployment {
  private Deployment() {}

  /**
   * A key of the deployed set.
   *
   * @param thumbprint its RFC 7638 thumbprint, as {@link SigningKey#keyId()} names keys
   * @param jwk the JWK as deployed, kept as it is when the key stays
   */
  record DeployedKey(String thumbprint, JsonNode jwk) {}

  /**
   * The jump worker as the script's settings show it.
   *
   * @param version the {@code JUMP_WORKER_VERSION} binding's text; {@code null}: not a jump worker
   *     this provider deployed
   * @param keys the readable keys of {@code PUBLIC_KEYS}
   * @param unreadableKeys why some of {@code PUBLIC_KEYS} could not be read, or empty
   * @param audience the {@code AUDIENCE} binding's text, if any
   * @param target the {@code TARGET} service binding's service, if any
   * @param inputBindings the {@code INPUT_BINDINGS} binding as deployed (any type), if any
   * @param bindingNames every binding's name, for messages
   */
  record Deployed(
      @Nullable String version,
      List<DeployedKey> keys,
      String unreadableKeys,
      @Nullable String audience,
      @Nullable String target,
      @Nullable JsonNode inputBindings,
      List<String> bindingNames) {
    Deployed {
      keys = List.copyOf(keys);
      bindingNames = List.copyOf(bindingNames);
    }
  }

  /** Reads the {@code result} of {@code GET .../scripts/{name}/settings}. */
  static Deployed read(JsonNode settings, JumpWorker bundle) {
    String version = null;
    String audience = null;
    String target = null;
    JsonNode inputBindings = null;
    JsonNode keySetting = null;
    List<String> names = new ArrayList<>();
    for (JsonNode binding : settings.path("bindings")) {
      String name = binding.path("name").asText("");
      String type = binding.path("type").asText("");
      names.add(name);
      if (name.equals(bundle.versionBinding()) && type.equals("plain_text")) {
        version = binding.path("text").asText("");
      } else if (name.equals(bundle.audienceBinding()) && type.equals("plain_text")) {
        audience = binding.path("text").asText("");
      } else if (name.equals(bundle.targetBinding()) && type.equals("service")) {
        target = binding.path("service").asText("");
      } else if (name.equals(bundle.inputBindingsBinding())) {
        inputBindings = binding;
      } else if (name.equals(bundle.publicKeysBinding())) {
        // A json binding's value comes back as the JSON value or (in some API versions) as its
        // text.
        JsonNode json = binding.path("json");
        keySetting =
            type.equals("json") && !json.isTextual()
                ? json
                : parsed(type.equals("json") ? json.asText() : binding.path("text").asText(""));
      }
    }
    List<DeployedKey> keys = new ArrayList<>();
    StringBuilder unreadable = new StringBuilder();
    if (keySetting != null) {
      List<JsonNode> jwks = new ArrayList<>();
      if (keySetting.has("keys")) {
        keySetting.path("keys").forEach(jwks::add);
      } else if (keySetting.has("kty")) {
        jwks.add(keySetting);
      } else {
        unreadable.append(bundle.publicKeysBinding()).append(" is neither a JWK Set nor a JWK");
      }
      for (JsonNode jwk : jwks) {
        try {
          keys.add(
              new DeployedKey(
                  JwsPublicKey.fromJwk(jwk, bundle.publicKeysBinding()).thumbprint(), jwk));
        } catch (IllegalArgumentException e) {
          unreadable.append(unreadable.length() == 0 ? "" : "; ").append(e.getMessage());
        }
      }
    }
    return new Deployed(
        version, keys, unreadable.toString(), audience, target, inputBindings, names);
  }

  private static JsonNode parsed(String text) {
    try {
      JsonNode node = CloudflareApi.MAPPER.readTree(text);
      return node == null ? CloudflareApi.MAPPER.missingNode() : node;
    } catch (IOException notJson) {
      return CloudflareApi.MAPPER.missingNode(); // PEM text: not a set this provider wrote
    }
  }

  /** What init does with the deployed worker. */
  enum Action {
    /**
     * Nothing: it is the bundled version (or newer) with the component's key, audience and target.
     */
    KEEP,
    /** Upload the bundled jump worker with {@link Plan#keys()}. */
    UPLOAD,
    /** Refuse: the script is not a jump worker this provider deployed. */
    FOREIGN,
    /**
     * Refuse: a newer jump worker is deployed, and it lacks the component's key, audience or
     * target.
     */
    NEWER
  }

  /**
   * The decision.
   *
   * @param action what to do
   * @param why what init found, for the report and the log
   * @param keys the JWKs to upload, the component's first (for {@link Action#UPLOAD})
   */
  record Plan(Action action, String why, List<JsonNode> keys) {
    Plan {
      Objects.requireNonNull(action, "action == null");
      keys = List.copyOf(keys);
    }
  }

  /**
   * Whether to upload the bundled jump worker over {@code deployed} ({@code null}: no such script)
   * for a component signing with {@code key} for {@code audience}, in front of {@code target}.
   */
  static Plan plan(
      @Nullable Deployed deployed,
      JumpWorker bundle,
      SigningKey key,
      String audience,
      String target) {
    JsonNode own = ownJwk(key);
    if (deployed == null) {
      return new Plan(Action.UPLOAD, "no such worker yet", List.of(own));
    }
    if (deployed.version() == null) {
      return new Plan(
          Action.FOREIGN,
          "it has no "
              + bundle.versionBinding()
              + " binding (its bindings: "
              + (deployed.bindingNames().isEmpty()
                  ? "none"
                  : String.join(", ", deployed.bindingNames()))
              + ")",
          List.of());
    }
    SemVer version = version(deployed.version());
    List<String> changes = new ArrayList<>();
    List<JsonNode> keys = new ArrayList<>();
    keys.add(own);
    boolean hasOwn = deployed.keys().stream().anyMatch(k -> k.thumbprint().equals(key.keyId()));
    List<String> others =
        deployed.keys().stream()
            .map(DeployedKey::thumbprint)
            .filter(t -> !t.equals(key.keyId()))
            .distinct()
            .toList();
    if (!hasOwn) {
      deployed.keys().stream()
          .filter(k -> !k.thumbprint().equals(key.keyId()))
          .forEach(k -> keys.add(k.jwk()));
      changes.add(
          "key "
              + key.keyId()
              + " added"
              + (others.isEmpty()
                  ? ""
                  : ", key(s) "
                      + String.join(", ", others)
                      + " kept until the next init (rotation)"));
    } else if (!others.isEmpty()) {
      changes.add(
          "key(s) "
              + String.join(", ", others)
              + " removed (kept since the rotation to "
              + key.keyId()
              + ")");
    }
    if (!deployed.unreadableKeys().isEmpty()) {
      changes.add("unreadable keys dropped (" + deployed.unreadableKeys() + ")");
    }
    boolean retuned = false;
    if (!audience.equals(deployed.audience())) {
      changes.add("audience '" + audience + "' (was " + quoted(deployed.audience()) + ")");
      retuned = true;
    }
    if (!target.equals(deployed.target())) {
      changes.add("target worker '" + target + "' (was " + quoted(deployed.target()) + ")");
      retuned = true;
    }
    int order = version == null ? -1 : version.compareTo(bundle.version());
    if (order > 0) {
      if (!hasOwn || retuned) {
        return new Plan(
            Action.NEWER,
            "it runs jump worker "
                + version
                + ", newer than this provider's "
                + bundle.version()
                + ", and needs "
                + String.join(", ", changes),
            List.of());
      }
      return new Plan(
          Action.KEEP,
          "jump worker "
              + version
              + " (newer than this provider's "
              + bundle.version()
              + ", left as it is)",
          List.of());
    }
    if (order < 0) {
      changes.add(0, "version " + bundle.version() + " (was " + quoted(deployed.version()) + ")");
    }
    if (changes.isEmpty()) {
      return new Plan(
          Action.KEEP,
          "jump worker "
              + version
              + " with key "
              + key.keyId()
              + ", audience '"
              + audience
              + "' and target worker '"
              + target
              + "'",
          List.of());
    }
    return new Plan(Action.UPLOAD, String.join("; ", changes), keys);
  }

  private static @Nullable SemVer version(String text) {
    try {
      return SemVer.parse(text);
    } catch (IllegalArgumentException e) {
      return null; // not a version: replaced like an older one
    }
  }

  private static String quoted(@Nullable String text) {
    return text == null ? "none" : "'" + CloudflareApi.clean(text) + "'";
  }

  /** The component's public key as the JWK that goes into the set. */
  static JsonNode ownJwk(SigningKey key) {
    try {
      return CloudflareApi.MAPPER.readTree(key.publicJwk());
    } catch (IOException e) {
      throw new IllegalStateException("the component's public JWK is not JSON", e);
    }
  }
}
