package dev.daprcompute.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The metadata of one call: Dapr's gRPC metadata, or the HTTP headers of the app channel.
 *
 * <p>Immutable. Names are case-insensitive (HTTP and gRPC both treat them so) and are stored in
 * lower case; a name may carry several values, kept in order.
 */
public final class Metadata {
  private static final Metadata EMPTY = new Metadata(new LinkedHashMap<>());

  /** Never changed once built; lists are immutable. A builder may share it (copy on write). */
  private final LinkedHashMap<String, List<String>> entries;

  /** {@link #entries} as callers see it. */
  private final Map<String, List<String>> values;

  private Metadata(LinkedHashMap<String, List<String>> entries) {
    this.entries = entries;
    this.values = Collections.unmodifiableMap(entries);
  }

  /** No metadata. */
  public static Metadata empty() {
    return EMPTY;
  }

  /** One entry. */
  public static Metadata of(String name, String value) {
    return builder().add(name, value).build();
  }

  /** Two entries. */
  public static Metadata of(String name1, String value1, String name2, String value2) {
    return builder().add(name1, value1).add(name2, value2).build();
  }

  /** Single-valued entries from a map. */
  public static Metadata ofSingle(Map<String, String> map) {
    Builder builder = builder();
    map.forEach(builder::add);
    return builder.build();
  }

  /** Multi-valued entries from a map. */
  public static Metadata ofMulti(Map<String, ? extends List<String>> map) {
    Builder builder = builder();
    map.forEach((name, list) -> list.forEach(value -> builder.add(name, value)));
    return builder.build();
  }

  /** A builder for metadata. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting with these entries. */
  public Builder toBuilder() {
    // The builder shares this map until it first changes it: toBuilder().set(..).build() copies
    // the entries once, and the immutable lists not at all.
    return new Builder(entries);
  }

  /** The first value of {@code name}, if any. */
  public Optional<String> first(String name) {
    List<String> list = values.get(name.toLowerCase(Locale.ROOT));
    return list == null ? Optional.empty() : Optional.of(list.get(0));
  }

  /** Every value of {@code name}, in order; empty if none. */
  public List<String> all(String name) {
    return values.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
  }

  /** Whether {@code name} has a value. */
  public boolean contains(String name) {
    return values.containsKey(name.toLowerCase(Locale.ROOT));
  }

  /** The names, in lower case, in insertion order. */
  public Set<String> names() {
    return values.keySet();
  }

  /** Whether there are no entries. */
  public boolean isEmpty() {
    return values.isEmpty();
  }

  /** Calls {@code action} once per value, in order. */
  public void forEach(BiConsumer<String, String> action) {
    for (Map.Entry<String, List<String>> entry : values.entrySet()) {
      List<String> list = entry.getValue();
      for (int i = 0; i < list.size(); i++) {
        action.accept(entry.getKey(), list.get(i));
      }
    }
  }

  /** The entries as an unmodifiable map of lists. */
  public Map<String, List<String>> asMap() {
    return values;
  }

  /** The entries with only the first value per name, as an unmodifiable map. */
  public Map<String, String> asSingleValueMap() {
    Map<String, String> map = new LinkedHashMap<>();
    values.forEach((name, list) -> map.put(name, list.get(0)));
    return Collections.unmodifiableMap(map);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Metadata that && values.equals(that.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  /** Names only: values may carry credentials (an {@code authorization} header, say). */
  @Override
  public String toString() {
    return "Metadata" + values.keySet();
  }

  /** Collects entries; not thread-safe. */
  public static final class Builder {
    /**
     * The entries so far: a name's values are an immutable list, or an {@link ArrayList} once a
     * second value was added since the last {@link #build}.
     */
    private LinkedHashMap<String, List<String>> values;

    /** Whether {@link #values} belongs to a built {@link Metadata} too: copy it before a change. */
    private boolean shared;

    private Builder() {
      this.values = new LinkedHashMap<>();
    }

    private Builder(LinkedHashMap<String, List<String>> built) {
      this.values = built;
      this.shared = true;
    }

    /** Adds a value, after any the name already has. */
    public Builder add(String name, String value) {
      Objects.requireNonNull(name, "name == null");
      Objects.requireNonNull(value, "value == null");
      String key = name.toLowerCase(Locale.ROOT);
      Map<String, List<String>> own = own();
      List<String> list = own.get(key);
      if (list == null) {
        own.put(key, List.of(value));
      } else if (list instanceof ArrayList<String> growing) {
        growing.add(value);
      } else {
        ArrayList<String> grown = new ArrayList<>(list.size() + 1);
        grown.addAll(list);
        grown.add(value);
        own.put(key, grown);
      }
      return this;
    }

    /** Replaces every value of the name with one. */
    public Builder set(String name, String value) {
      Objects.requireNonNull(name, "name == null");
      Objects.requireNonNull(value, "value == null");
      String key = name.toLowerCase(Locale.ROOT);
      Map<String, List<String>> own = own();
      own.remove(key); // the name moves to the end, as if it were new
      own.put(key, List.of(value));
      return this;
    }

    /** Removes the name and its values. */
    public Builder remove(String name) {
      String key = name.toLowerCase(Locale.ROOT);
      if (values.containsKey(key)) {
        own().remove(key);
      }
      return this;
    }

    /** The metadata; the builder may go on being used. */
    public Metadata build() {
      if (values.isEmpty()) {
        return EMPTY;
      }
      if (!shared) {
        for (Map.Entry<String, List<String>> entry : values.entrySet()) {
          if (entry.getValue() instanceof ArrayList<String> growing) {
            entry.setValue(List.copyOf(growing));
          }
        }
        shared = true;
      }
      return new Metadata(values);
    }

    private LinkedHashMap<String, List<String>> own() {
      if (shared) {
        values = new LinkedHashMap<>(values);
        shared = false;
      }
      return values;
    }
  }
}
