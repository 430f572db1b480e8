package dev.daprcompute.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.internal.GoDuration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The demo's temporary files: for each component, real Dapr resource YAML (a Component and a
 * Configuration whose {@code spec.compute} selects it) and its secrets as files, referenced with
 * {@code secretKeyRef}, as Kubernetes mounts them. Deleted on {@link #close} unless kept.
 * Thread-safe: {@link #close} (from a shutdown hook, say) waits for a write in progress.
 */
final class DemoWorkspace implements AutoCloseable {
  static final String API_VERSION = "dapr.io/v1alpha1";

  private static final YAMLMapper YAML =
      new YAMLMapper(
          YAMLFactory.builder()
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
              .build());

  private final Path root;
  private final Path secrets;
  private final boolean keep;
  private boolean closed;

  /** The files of one component. */
  record ComponentFiles(Path resources, Path component, Path configuration) {}

  private DemoWorkspace(Path root, boolean keep) throws IOException {
    this.root = root;
    this.keep = keep;
    this.secrets = createPrivateDirectory(root.resolve("secrets"));
  }

  /** A new workspace in a new temporary directory that only this user can read. */
  static DemoWorkspace create(boolean keep) throws IOException {
    Path root;
    try {
      root = Files.createTempDirectory("dapr-compute-demo-", ownerOnly(true));
    } catch (UnsupportedOperationException notPosix) {
      root = Files.createTempDirectory("dapr-compute-demo-");
    }
    return new DemoWorkspace(root, keep);
  }

  Path root() {
    return root;
  }

  /**
   * The file secret store: {@code secretKeyRef {name, key}} is the file {@code secrets/name/key}.
   */
  Path secrets() {
    return secrets;
  }

  /**
   * Writes the Component {@code name} of {@code type} with {@code metadata}: secret fields (and the
   * key) go to secret files and are referenced with {@code secretKeyRef}; other fields are written
   * as values. Also writes a Configuration that selects it.
   */
  synchronized ComponentFiles write(String name, String type, ComponentMetadata metadata)
      throws IOException {
    if (closed) {
      throw new IllegalStateException("the demo is shutting down");
    }
    Path dir = Files.createDirectories(root.resolve(name));
    Path resources = Files.createDirectories(dir.resolve("resources"));
    Path secretDir = createPrivateDirectory(secrets.resolve(name));

    ObjectNode component = YAML.createObjectNode();
    component.put("apiVersion", API_VERSION);
    component.put("kind", "Component");
    component.putObject("metadata").put("name", name);
    ObjectNode spec = component.putObject("spec");
    spec.put("type", type);
    spec.put("version", metadata.version());
    metadata
        .initTimeoutIfSet()
        .ifPresent(initTimeout -> spec.put("initTimeout", GoDuration.format(initTimeout)));
    ArrayNode items = spec.putArray("metadata");
    for (String field : metadata.fieldNames()) {
      ObjectNode item = items.addObject();
      item.put("name", field);
      String value = metadata.string(field).orElse("");
      if (metadata.isSecret(field) || field.equalsIgnoreCase("key")) {
        writeSecret(secretDir.resolve(field), value);
        item.putObject("secretKeyRef").put("name", name).put("key", field);
      } else {
        item.put("value", value);
      }
    }
    Path componentFile = resources.resolve(name + ".yaml");
    Files.writeString(componentFile, YAML.writeValueAsString(component), StandardCharsets.UTF_8);

    ObjectNode configuration = YAML.createObjectNode();
    configuration.put("apiVersion", API_VERSION);
    configuration.put("kind", "Configuration");
    configuration.putObject("metadata").put("name", name + "-config");
    configuration.putObject("spec").putObject("compute").put("name", name).put("type", type);
    Path configurationFile = dir.resolve("config.yaml");
    Files.writeString(
        configurationFile, YAML.writeValueAsString(configuration), StandardCharsets.UTF_8);
    return new ComponentFiles(resources, componentFile, configurationFile);
  }

  /** Deletes every file, unless the workspace is kept. Idempotent. */
  @Override
  public synchronized void close() throws IOException {
    if (closed || keep) {
      closed = true;
      return;
    }
    closed = true;
    if (!Files.exists(root)) {
      return;
    }
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private static void writeSecret(Path file, String value) throws IOException {
    try {
      Files.createFile(file, ownerOnly(false));
    } catch (UnsupportedOperationException notPosix) {
      Files.createFile(file);
    }
    Files.writeString(file, value, StandardCharsets.UTF_8);
  }

  private static Path createPrivateDirectory(Path dir) throws IOException {
    try {
      return Files.createDirectory(dir, ownerOnly(true));
    } catch (UnsupportedOperationException notPosix) {
      return Files.createDirectory(dir);
    }
  }

  private static FileAttribute<Set<PosixFilePermission>> ownerOnly(boolean directory) {
    return PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString(directory ? "rwx------" : "rw-------"));
  }
}
