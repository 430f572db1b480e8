package dev.daprcompute.api.resources;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A Dapr {@code kind: Component} resource as written: nothing is resolved yet, so it holds no
 * secret values (only references to them). Immutable.
 *
 * @param file the file it was read from
 * @param line the line where its document starts, or 0 when unknown
 * @param name {@code metadata.name}
 * @param namespace {@code metadata.namespace}; empty when not set, as in Dapr
 * @param type {@code spec.type}, such as {@code compute.http}
 * @param version {@code spec.version}, such as {@code v1}
 * @param initTimeout {@code spec.initTimeout}, positive; {@code null} when not written (the
 *     platform's default applies, Dapr's 5 s unless the platform has its own)
 * @param ignoreErrors {@code spec.ignoreErrors}
 * @param metadata {@code spec.metadata}, in file order
 * @param secretStore {@code auth.secretStore}, if set
 * @param scopes {@code scopes}: the app IDs that may use it; empty means every app
 */
public record ComponentResource(
    String file,
    int line,
    String name,
    String namespace,
    String type,
    String version,
    @Nullable Duration initTimeout,
    boolean ignoreErrors,
    List<MetadataItem> metadata,
    @Nullable String secretStore,
    List<String> scopes) {

  public ComponentResource {
    Objects.requireNonNull(file, "file == null");
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(namespace, "namespace == null");
    Objects.requireNonNull(type, "type == null");
    Objects.requireNonNull(version, "version == null");
    metadata = List.copyOf(metadata);
    scopes = List.copyOf(scopes);
    if (line < 0) {
      throw new IllegalArgumentException("line < 0: " + line);
    }
    if (name.isBlank() || type.isBlank() || version.isBlank()) {
      throw new IllegalArgumentException("a component needs a name, a type and a version");
    }
    if (initTimeout != null && (initTimeout.isNegative() || initTimeout.isZero())) {
      throw new IllegalArgumentException("initTimeout must be positive: " + initTimeout);
    }
    if (secretStore != null && secretStore.isBlank()) {
      throw new IllegalArgumentException("secretStore is blank; use null for none");
    }
  }

  /** The metadata item called {@code name} (case-insensitively, as Dapr matches fields). */
  public Optional<MetadataItem> item(String name) {
    return metadata.stream().filter(item -> item.name().equalsIgnoreCase(name)).findFirst();
  }

  /** Whether {@code appId} may use this component: true when scopes are empty or name it. */
  public boolean isInScope(String appId) {
    return scopes.isEmpty() || scopes.contains(appId);
  }

  /** Whether its type is a compute type ({@code compute.*}). */
  public boolean isCompute() {
    return type.toLowerCase(Locale.ROOT).startsWith("compute.");
  }

  /** {@code file:line}, for messages. */
  public String location() {
    return line > 0 ? file + ":" + line : file;
  }
}
