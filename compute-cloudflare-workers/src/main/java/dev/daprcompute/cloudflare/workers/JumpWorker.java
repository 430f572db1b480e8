package dev.daprcompute.cloudflare.workers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.daprcompute.protocol.SemVer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.RequestBody;
import org.jspecify.annotations.Nullable;

/**
 * The jump worker this jar ships: {@code jump-worker.json} (its version, SDK name, main module,
 * compatibility date, modules and binding names) and its modules, read from the classpath, and the
 * module-worker upload that deploys it. Immutable and thread-safe.
 *
 * @param version the version its info document reports
 * @param sdk the SDK name its info document reports
 * @param mainModule the entry module's name ({@code main_module})
 * @param compatibilityDate the {@code compatibility_date} it is uploaded with
 * @param modules every module, the main module first
 * @param publicKeysBinding the binding that holds the public keys (a JWK Set)
 * @param audienceBinding the binding that holds the audience
 * @param targetBinding the service binding to the user's worker
 * @param inputBindingsBinding the optional binding that lists the user's input bindings
 * @param versionBinding the binding in which the provider records the version it uploaded
 */
record JumpWorker(
    SemVer version,
    String sdk,
    String mainModule,
    String compatibilityDate,
    List<Module> modules,
    String publicKeysBinding,
    String audienceBinding,
    String targetBinding,
    String inputBindingsBinding,
    String versionBinding) {

  /** Where the jump worker's files are on the classpath. */
  static final String RESOURCES = "/dev/daprcompute/cloudflare/workers/jump-worker/";

  /** The content type of an ES module part in a module-worker upload. */
  static final MediaType ES_MODULE = MediaType.get("application/javascript+module");

  private static final MediaType JSON = MediaType.get("application/json");

  JumpWorker {
    Objects.requireNonNull(version, "version == null");
    modules = List.copyOf(modules);
  }

  /** One module: its name (what imports and {@code main_module} say) and its source. */
  record Module(String name, byte[] content) {
    Module {
      Objects.requireNonNull(name, "name == null");
      content = content.clone();
    }

    @Override
    public byte[] content() {
      return content.clone();
    }
  }

  /** The jump worker in this jar; read once. */
  static JumpWorker bundled() {
    return Bundled.INSTANCE;
  }

  private static final class Bundled {
    static final JumpWorker INSTANCE = load();
  }

  /**
   * Reads the manifest and the modules it lists from the classpath.
   *
   * @throws IllegalStateException when a file is missing (a jar built without Maven's resource copy
   *     of the JavaScript SDK) or the manifest is broken
   */
  static JumpWorker load() {
    JsonNode manifest;
    try (InputStream in = resource("jump-worker.json")) {
      manifest = CloudflareApi.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "classpath resource " + RESOURCES + "jump-worker.json is unreadable", e);
    }
    String main = text(manifest, "main_module");
    List<Module> modules = new ArrayList<>();
    for (JsonNode name : manifest.path("modules")) {
      try (InputStream in = resource(name.asText())) {
        Module module = new Module(name.asText(), in.readAllBytes());
        if (module.name().equals(main)) {
          modules.add(0, module);
        } else {
          modules.add(module);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(
            "classpath resource " + RESOURCES + name.asText() + " is unreadable", e);
      }
    }
    if (modules.isEmpty() || !modules.get(0).name().equals(main)) {
      throw new IllegalStateException(
          "jump-worker.json lists no module named its main_module '" + main + "'");
    }
    JsonNode bindings = manifest.path("bindings");
    return new JumpWorker(
        SemVer.parse(text(manifest, "version")),
        text(manifest, "sdk"),
        main,
        text(manifest, "compatibility_date"),
        modules,
        text(bindings, "publicKeys"),
        text(bindings, "audience"),
        text(bindings, "target"),
        text(bindings, "inputBindings"),
        text(bindings, "version"));
  }

  private static String text(JsonNode node, String field) {
    String value = node.path(field).asText("");
    if (value.isEmpty()) {
      throw new IllegalStateException("jump-worker.json has no '" + field + "'");
    }
    return value;
  }

  private static InputStream resource(String name) {
    InputStream in = JumpWorker.class.getResourceAsStream(RESOURCES + name);
    if (in == null) {
      throw new IllegalStateException(
          "classpath resource "
              + RESOURCES
              + name
              + " is missing: the jar was built"
              + " without the jump worker's modules (Maven copies them from compute-function-js/src)");
    }
    return in;
  }

  /**
   * The upload's {@code metadata}: {@code main_module}, {@code compatibility_date} and the
   * bindings: the public keys as a {@code json} JWK Set, the audience as {@code plain_text}, a
   * {@code service} binding to the user's worker, this version as {@code plain_text}, and the
   * user's own {@code INPUT_BINDINGS} binding when the deployed worker had one.
   *
   * @param keys the JWKs of the public keys, the component's own first
   * @param audience the audience tokens are signed for
   * @param target the user's worker
   * @param inputBindings the deployed worker's input-bindings binding, kept as it was; or null
   */
  ObjectNode uploadMetadata(
      List<JsonNode> keys, String audience, String target, @Nullable JsonNode inputBindings) {
    ObjectNode metadata = CloudflareApi.MAPPER.createObjectNode();
    metadata.put("main_module", mainModule);
    metadata.put("compatibility_date", compatibilityDate);
    ArrayNode bindings = metadata.putArray("bindings");
    ObjectNode keySet = CloudflareApi.MAPPER.createObjectNode();
    keySet.putArray("keys").addAll(keys);
    bindings.addObject().put("type", "json").put("name", publicKeysBinding).set("json", keySet);
    bindings
        .addObject()
        .put("type", "plain_text")
        .put("name", audienceBinding)
        .put("text", audience);
    bindings.addObject().put("type", "service").put("name", targetBinding).put("service", target);
    bindings
        .addObject()
        .put("type", "plain_text")
        .put("name", versionBinding)
        .put("text", version.toString());
    if (inputBindings != null) {
      bindings.add(inputBindings.deepCopy());
    }
    return metadata;
  }

  /**
   * The module-worker upload: the {@code metadata} part, then one {@code
   * application/javascript+module} part per module.
   */
  MultipartBody uploadForm(ObjectNode metadata) {
    MultipartBody.Builder form = new MultipartBody.Builder().setType(MultipartBody.FORM);
    try {
      form.addFormDataPart(
          "metadata",
          null,
          RequestBody.create(CloudflareApi.MAPPER.writeValueAsBytes(metadata), JSON));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the upload metadata cannot be written", e);
    }
    for (Module module : modules) {
      form.addFormDataPart(
          module.name(), module.name(), RequestBody.create(module.content, ES_MODULE));
    }
    return form.build();
  }

  @Override
  public String toString() {
    return "JumpWorker["
        + version
        + ", "
        + modules.size()
        + " modules, compatibility_date "
        + compatibilityDate
        + "]";
  }
}
