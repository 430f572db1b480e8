package dev.daprcompute.api.resources;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One item of a component's {@code spec.metadata}: a name and exactly one source for its value.
 *
 * <p>{@link #toString()} leaves the value out: a value written in a file can be a credential too.
 *
 * @param name the metadata field's name
 * @param value the value as written, for a {@code value} item: any YAML scalar, read as text
 *     exactly as written ({@code 30}, {@code true}, {@code 0x10}); empty for YAML null
 * @param secretKeyRef the secret holding the value, for a {@code secretKeyRef} item
 * @param envRef the environment variable holding the value, for an {@code envRef} item
 * @param line the line of the item in its file, or 0 when not read from a file
 */
public record MetadataItem(
    String name,
    @Nullable String value,
    @Nullable SecretKeyRef secretKeyRef,
    @Nullable String envRef,
    int line) {

  public MetadataItem {
    Objects.requireNonNull(name, "name == null");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a metadata item needs a name");
    }
    int sources =
        (value != null ? 1 : 0) + (secretKeyRef != null ? 1 : 0) + (envRef != null ? 1 : 0);
    if (sources != 1) {
      throw new IllegalArgumentException(
          "metadata item '"
              + name
              + "' needs exactly one of value, secretKeyRef or envRef, has "
              + sources);
    }
    if (envRef != null && envRef.isBlank()) {
      throw new IllegalArgumentException("metadata item '" + name + "' has a blank envRef");
    }
    if (line < 0) {
      throw new IllegalArgumentException("line < 0: " + line);
    }
  }

  /** An item with a plain value. */
  public static MetadataItem ofValue(String name, String value) {
    return new MetadataItem(name, Objects.requireNonNull(value, "value == null"), null, null, 0);
  }

  /** An item whose value is in a secret. */
  public static MetadataItem ofSecret(String name, SecretKeyRef secretKeyRef) {
    return new MetadataItem(
        name, null, Objects.requireNonNull(secretKeyRef, "secretKeyRef == null"), null, 0);
  }

  /** An item whose value is in an environment variable. */
  public static MetadataItem ofEnv(String name, String envRef) {
    return new MetadataItem(name, null, null, Objects.requireNonNull(envRef, "envRef == null"), 0);
  }

  @Override
  public String toString() {
    String source =
        value != null
            ? "value=****"
            : secretKeyRef != null ? "secretKeyRef=" + secretKeyRef : "envRef=" + envRef;
    return "MetadataItem[name=" + name + ", " + source + ", line=" + line + "]";
  }
}
