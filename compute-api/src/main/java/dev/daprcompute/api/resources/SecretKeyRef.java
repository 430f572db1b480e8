package dev.daprcompute.api.resources;

import java.util.Objects;

/**
 * A metadata value kept in a secret store: Dapr's {@code secretKeyRef}. The store is the
 * component's {@code auth.secretStore}.
 *
 * @param name the secret's name; required
 * @param key the key within the secret. As in daprd, an empty key means the secret's name, so
 *     {@code new SecretKeyRef("fn-key", "")} has key {@code fn-key}
 */
public record SecretKeyRef(String name, String key) {

  public SecretKeyRef {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(key, "key == null");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a secretKeyRef needs a name");
    }
    if (key.isEmpty()) {
      key = name;
    }
  }

  /** A reference to the secret {@code name}, whose key is its name. */
  public static SecretKeyRef of(String name) {
    return new SecretKeyRef(name, "");
  }
}
