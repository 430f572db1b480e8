package dev.daprcompute.api;

import java.util.List;
import java.util.Objects;

/**
 * A metadata field a provider understands: its name, type and whether it is required or secret.
 * Providers list their fields in {@link ComputeProvider#metadataFields()}; the loader rejects
 * unknown fields, missing required ones and values of the wrong type, all at once.
 *
 * @param name the field name, as written in the Component YAML (matched case-insensitively, as Dapr
 *     does)
 * @param kind the type of the value
 * @param required whether the component must set it
 * @param secret whether the value is a secret (never printed; should come from {@code
 *     secretKeyRef})
 * @param allowedValues for {@link Kind#ENUM}, the values accepted (case-insensitively)
 * @param description one sentence for operators, with the default when there is one
 */
public record MetadataField(
    String name,
    Kind kind,
    boolean required,
    boolean secret,
    List<String> allowedValues,
    String description) {

  public MetadataField {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(kind, "kind == null");
    allowedValues = List.copyOf(allowedValues);
    Objects.requireNonNull(description, "description == null");
    if (kind == Kind.ENUM && allowedValues.isEmpty()) {
      throw new IllegalArgumentException("an ENUM field needs allowed values: " + name);
    }
  }

  /** An optional field. */
  public static MetadataField optional(String name, Kind kind, String description) {
    return new MetadataField(name, kind, false, false, List.of(), description);
  }

  /** A required field. */
  public static MetadataField required(String name, Kind kind, String description) {
    return new MetadataField(name, kind, true, false, List.of(), description);
  }

  /** An optional field that accepts one of {@code values}. */
  public static MetadataField oneOf(String name, List<String> values, String description) {
    return new MetadataField(name, Kind.ENUM, false, false, values, description);
  }

  /** This field, marked secret. */
  public MetadataField asSecret() {
    return new MetadataField(name, kind, required, true, allowedValues, description);
  }

  /** This field, marked required. */
  public MetadataField asRequired() {
    return new MetadataField(name, kind, true, secret, allowedValues, description);
  }

  /** The type of a metadata value; all values are written as strings in YAML. */
  public enum Kind {
    /** Any text. */
    STRING,
    /** An absolute URL. */
    URI,
    /** A Go duration: {@code 30s}, {@code 1m30s}, {@code 500ms}. */
    DURATION,
    /** A whole number. */
    INTEGER,
    /**
     * {@code true} or {@code false} (also {@code yes}/{@code no}, {@code on}/{@code off}, {@code
     * 1}/{@code 0}).
     */
    BOOLEAN,
    /** A size in bytes: {@code 4194304}, {@code 4Mi}, {@code 6M}. */
    BYTE_SIZE,
    /** One of a fixed set of words. */
    ENUM
  }
}
