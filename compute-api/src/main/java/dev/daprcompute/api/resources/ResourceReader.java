package dev.daprcompute.api.resources;

import com.fasterxml.jackson.core.JsonToken;
import dev.daprcompute.api.ConfigurationProblem;
import dev.daprcompute.api.internal.GoDuration;
import dev.daprcompute.api.internal.Spelling;
import dev.daprcompute.api.resources.YamlTree.Field;
import dev.daprcompute.api.resources.YamlTree.Mapping;
import dev.daprcompute.api.resources.YamlTree.Node;
import dev.daprcompute.api.resources.YamlTree.Scalar;
import dev.daprcompute.api.resources.YamlTree.Sequence;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Turns the YAML documents of one file into resources, checking them against Dapr's schema and
 * collecting every problem instead of stopping at the first. Not thread-safe; one per file.
 */
final class ResourceReader {
  static final String API_VERSION = "dapr.io/v1alpha1";

  private static final List<String> COMPONENT_FIELDS =
      List.of("apiVersion", "kind", "metadata", "spec", "auth", "scopes");
  // Kubernetes ObjectMeta: a component exported with kubectl carries these, and daprd accepts them.
  private static final List<String> OBJECT_META_FIELDS =
      List.of(
          "name",
          "namespace",
          "labels",
          "annotations",
          "uid",
          "resourceVersion",
          "generation",
          "creationTimestamp",
          "deletionTimestamp",
          "deletionGracePeriodSeconds",
          "generateName",
          "ownerReferences",
          "finalizers",
          "managedFields",
          "selfLink");
  private static final List<String> SPEC_FIELDS =
      List.of("type", "version", "ignoreErrors", "metadata", "initTimeout");
  private static final List<String> ITEM_FIELDS =
      List.of("name", "value", "secretKeyRef", "envRef");
  private static final List<String> SECRET_KEY_REF_FIELDS = List.of("name", "key");
  private static final List<String> AUTH_FIELDS = List.of("secretStore");
  private static final List<String> COMPUTE_FIELDS = List.of("name", "type");

  private final String file;
  private final List<ConfigurationProblem> problems;

  ResourceReader(String file, List<ConfigurationProblem> problems) {
    this.file = file;
    this.problems = problems;
  }

  /** The document's {@code kind}, or null when it has none (or it is not a mapping). */
  static @Nullable String kind(Node document) {
    if (document instanceof Mapping mapping
        && mapping.field("kind") != null
        && mapping.field("kind").value() instanceof Scalar kind) {
      return kind.text();
    }
    return null;
  }

  /**
   * The {@code kind: Component} document as a resource, or null when it has problems (recorded).
   */
  @Nullable ComponentResource component(Mapping doc) {
    int before = problems.size();
    String name = peekName(doc);
    Context c = new Context(name);

    c.checkFields(doc, COMPONENT_FIELDS, "");
    checkApiVersion(c, doc, "a Component");

    Mapping metadata = c.mapping(doc, "metadata", "metadata");
    String namespace = "";
    if (metadata == null) {
      if (isAbsent(doc, "metadata")) {
        c.add(
            doc.line(),
            "metadata.name",
            "is required",
            "add 'metadata:' with 'name: <component name>'");
      }
    } else {
      c.checkFields(metadata, OBJECT_META_FIELDS, "metadata.");
      c.requiredString(
          metadata, "name", "metadata.name", "add 'name: <component name>' under metadata");
      String ns = c.optionalString(metadata, "namespace", "metadata.namespace");
      namespace = ns != null ? ns : "";
    }

    Mapping spec = c.mapping(doc, "spec", "spec");
    String type = null;
    String version = null;
    @Nullable Duration initTimeout = null;
    boolean ignoreErrors = false;
    List<MetadataItem> items = List.of();
    if (spec == null) {
      if (isAbsent(doc, "spec")) {
        c.add(
            doc.line(),
            "spec.type",
            "is required",
            "add 'spec:' with 'type:' (such as compute.http) and 'version: v1'");
        c.add(doc.line(), "spec.version", "is required", "add 'version: v1' under spec");
      }
    } else {
      c.checkFields(spec, SPEC_FIELDS, "spec.");
      type =
          c.requiredString(
              spec, "type", "spec.type", "add 'type: <type>' under spec, such as compute.http");
      version = c.requiredString(spec, "version", "spec.version", "add 'version: v1' under spec");
      initTimeout = c.duration(spec, "initTimeout", "spec.initTimeout"); // null: not written
      Boolean ignore = c.bool(spec, "ignoreErrors", "spec.ignoreErrors");
      ignoreErrors = ignore != null && ignore;
      items = metadataItems(c, spec);
    }

    String secretStore = null;
    Mapping auth = c.mapping(doc, "auth", "auth");
    if (auth != null) {
      c.checkFields(auth, AUTH_FIELDS, "auth.");
      String store = c.optionalString(auth, "secretStore", "auth.secretStore");
      secretStore = store == null || store.isEmpty() ? null : store;
    }
    List<String> scopes = c.strings(doc, "scopes", "scopes");

    if (problems.size() > before || name == null || type == null || version == null) {
      return null;
    }
    return new ComponentResource(
        file,
        doc.line(),
        name,
        namespace,
        type,
        version,
        initTimeout,
        ignoreErrors,
        items,
        secretStore,
        scopes);
  }

  /**
   * The {@code kind: Configuration} document as a resource, or null when it has problems
   * (recorded).
   */
  @Nullable ConfigurationResource configuration(Mapping doc) {
    int before = problems.size();
    Context c = new Context(null);
    checkApiVersion(c, doc, "a Configuration");
    Mapping metadata = c.mapping(doc, "metadata", "metadata");
    String name = null;
    if (metadata == null) {
      if (isAbsent(doc, "metadata")) {
        c.add(
            doc.line(),
            "metadata.name",
            "is required",
            "add 'metadata:' with 'name: <configuration name>'");
      }
    } else {
      name =
          c.requiredString(
              metadata, "name", "metadata.name", "add 'name: <configuration name>' under metadata");
    }
    ComputeSelection selection = null;
    Mapping spec = c.mapping(doc, "spec", "spec");
    Mapping compute = spec == null ? null : c.mapping(spec, "compute", "spec.compute");
    if (compute != null) {
      c.checkFields(compute, COMPUTE_FIELDS, "spec.compute.");
      String computeName =
          c.requiredString(
              compute,
              "name",
              "spec.compute.name",
              "add 'name: <component name>' under spec.compute: the metadata.name of the compute component");
      String computeType = c.optionalString(compute, "type", "spec.compute.type");
      if (computeName != null) {
        selection =
            new ComputeSelection(
                computeName, computeType == null || computeType.isEmpty() ? null : computeType);
      }
    }
    if (problems.size() > before || name == null) {
      return null;
    }
    return new ConfigurationResource(file, name, selection);
  }

  private List<MetadataItem> metadataItems(Context c, Mapping spec) {
    Field field = spec.field("metadata");
    if (field == null || (field.value() instanceof Scalar s && s.isEmpty())) {
      return List.of();
    }
    if (!(field.value() instanceof Sequence sequence)) {
      c.add(
          field.value().line(),
          "spec.metadata",
          "must be a list of items with 'name' and 'value'",
          "write each item as '- name: <field>' with 'value: <value>' on the next line");
      return List.of();
    }
    List<MetadataItem> items = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < sequence.items().size(); i++) {
      Node node = sequence.items().get(i);
      if (!(node instanceof Mapping item)) {
        c.add(
            node.line(),
            "spec.metadata[" + i + "]",
            "must be an item with 'name' and 'value'",
            "write the item as '- name: <field>' with 'value: <value>' on the next line");
        continue;
      }
      String name =
          c.requiredString(
              item, "name", "spec.metadata[" + i + "].name", "add 'name: <field>' to the item");
      String label = name != null ? "spec.metadata[" + name + "]" : "spec.metadata[" + i + "]";
      c.checkFields(item, ITEM_FIELDS, label + ".");

      String value = null;
      Field valueField = item.field("value");
      if (valueField != null) {
        if (valueField.value() instanceof Scalar scalar) {
          c.checkAlias(scalar, label + ".value");
          value = scalar.text() == null ? "" : scalar.text();
        } else {
          c.add(
              valueField.value().line(),
              label + ".value",
              "must be a single value, not a list or mapping",
              "write structured data as one quoted string, such as '{\"a\": 1}'");
        }
      }
      SecretKeyRef ref = null;
      Field refField = item.field("secretKeyRef");
      if (refField != null && refField.value() instanceof Scalar s && s.isEmpty()) {
        c.add(
            refField.line(),
            label + ".secretKeyRef.name",
            "is required",
            "add 'name: <secret name>' (and optionally 'key: <key>') under secretKeyRef");
      }
      Mapping refMapping = c.mapping(item, "secretKeyRef", label + ".secretKeyRef");
      if (refMapping != null) {
        c.checkFields(refMapping, SECRET_KEY_REF_FIELDS, label + ".secretKeyRef.");
        String refName =
            c.requiredString(
                refMapping,
                "name",
                label + ".secretKeyRef.name",
                "add 'name: <secret name>' under secretKeyRef");
        String key = c.optionalString(refMapping, "key", label + ".secretKeyRef.key");
        if (refName != null) {
          ref = new SecretKeyRef(refName, key == null ? "" : key);
        }
      }
      String envRef = c.optionalString(item, "envRef", label + ".envRef");
      if (envRef != null && envRef.isEmpty()) {
        c.add(
            Objects.requireNonNull(item.field("envRef")).line(),
            label + ".envRef",
            "is empty",
            "name the environment variable that holds the value");
        envRef = null;
      }

      List<String> sources = new ArrayList<>();
      for (String source : List.of("value", "secretKeyRef", "envRef")) {
        if (item.field(source) != null) {
          sources.add(source);
        }
      }
      if (sources.isEmpty()) {
        c.add(
            item.line(),
            label,
            "has no value",
            "add one of 'value', 'secretKeyRef' or 'envRef' to the item");
      } else if (sources.size() > 1) {
        c.add(
            item.line(),
            label,
            "sets " + String.join(" and ", sources) + ", but an item takes exactly one",
            "keep one of " + String.join(", ", sources));
      }
      if (name != null) {
        Integer first = seen.putIfAbsent(name.toLowerCase(Locale.ROOT), item.line());
        if (first != null) {
          c.add(
              item.line(),
              label,
              "is set twice (first at line " + first + "); field names are case-insensitive",
              "remove one of the two items");
        }
      }
      if (name != null && sources.size() == 1 && (value != null || ref != null || envRef != null)) {
        items.add(new MetadataItem(name, value, ref, envRef, item.line()));
      }
    }
    return items;
  }

  private void checkApiVersion(Context c, Mapping doc, String what) {
    Field field = doc.field("apiVersion");
    if (field == null) {
      c.add(doc.line(), "apiVersion", "is required", "add 'apiVersion: " + API_VERSION + "'");
      return;
    }
    String apiVersion = c.optionalString(doc, "apiVersion", "apiVersion");
    if (apiVersion != null && !apiVersion.equals(API_VERSION)) {
      c.add(
          field.value().line(),
          "apiVersion",
          "is '" + apiVersion + "', but " + what + " has apiVersion " + API_VERSION,
          "write 'apiVersion: " + API_VERSION + "'");
    }
  }

  // A present but malformed section already has its own problem; "required" would only repeat it.
  private static boolean isAbsent(Mapping parent, String key) {
    Field field = parent.field(key);
    return field == null || (field.value() instanceof Scalar s && s.isEmpty());
  }

  // Read before the checks so that every problem of the document can name its component.
  private static @Nullable String peekName(Mapping doc) {
    Field metadata = doc.field("metadata");
    if (metadata != null
        && metadata.value() instanceof Mapping m
        && m.field("name") != null
        && m.field("name").value() instanceof Scalar s
        && !s.isEmpty()) {
      return s.text();
    }
    return null;
  }

  /** Typed reads within one document; every failed read records a problem and returns null. */
  private final class Context {
    private final @Nullable String component;

    Context(@Nullable String component) {
      this.component = component;
    }

    void add(int line, String field, String message, String fix) {
      problems.add(new ConfigurationProblem(file, line, component, field, message, fix));
    }

    void checkFields(Mapping mapping, List<String> known, String prefix) {
      for (Field field : mapping.fields().values()) {
        if (known.stream().noneMatch(k -> k.equalsIgnoreCase(field.key()))) {
          String owner =
              prefix.isEmpty() ? "a Dapr Component" : prefix.substring(0, prefix.length() - 1);
          String closest = Spelling.closest(field.key(), known);
          String fix =
              closest != null
                  ? "did you mean '" + prefix + closest + "'?"
                  : "remove it; the fields of " + owner + " are " + String.join(", ", known);
          add(field.line(), prefix + field.key(), "is not a field of " + owner, fix);
        }
      }
      for (Field duplicate : mapping.duplicates()) {
        Field first =
            Objects.requireNonNull(
                mapping.fields().get(duplicate.key())); // kept when the second was read
        add(
            duplicate.line(),
            prefix + duplicate.key(),
            "is written twice (first at line " + first.line() + ")",
            "keep one of the two");
      }
    }

    @Nullable Mapping mapping(Mapping parent, String key, String path) {
      Field field = parent.field(key);
      if (field == null || (field.value() instanceof Scalar s && s.isEmpty())) {
        return null;
      }
      if (field.value() instanceof Mapping mapping) {
        return mapping;
      }
      if (field.value() instanceof Scalar scalar && scalar.alias()) {
        checkAlias(scalar, path);
        return null;
      }
      add(
          field.value().line(),
          path,
          "must be a mapping (indented 'key: value' lines)",
          "indent the fields of " + key + " under it");
      return null;
    }

    /** A scalar's text as written; null (and a problem) when it is not a scalar. */
    @Nullable String optionalString(Mapping parent, String key, String path) {
      Field field = parent.field(key);
      if (field == null) {
        return null;
      }
      if (field.value() instanceof Scalar scalar) {
        checkAlias(scalar, path);
        return scalar.text() == null ? "" : scalar.text().trim();
      }
      add(
          field.value().line(),
          path,
          "must be a single value, not a list or mapping",
          "write one value after '" + key + ":'");
      return null;
    }

    @Nullable String requiredString(Mapping parent, String key, String path, String fix) {
      Field field = parent.field(key);
      if (field == null) {
        add(parent.line(), path, "is required", fix);
        return null;
      }
      String text = optionalString(parent, key, path);
      if (text != null && text.isEmpty()) {
        add(field.line(), path, "is required but empty", fix);
        return null;
      }
      return text;
    }

    @Nullable Duration duration(Mapping parent, String key, String path) {
      String text = optionalString(parent, key, path);
      if (text == null || text.isEmpty()) {
        return null;
      }
      int line =
          Objects.requireNonNull(parent.field(key)).value().line(); // optionalString found it
      try {
        Duration duration = GoDuration.parse(text);
        if (duration.isNegative() || duration.isZero()) {
          add(
              line,
              path,
              "must be positive, is '" + text + "'",
              "write a duration such as 5s, 1m30s or 500ms");
          return null;
        }
        return duration;
      } catch (IllegalArgumentException e) {
        add(
            line,
            path,
            "'" + text + "' is not a duration",
            "write a number and a unit (ms, s, m, h), such as 5s, 1m30s or 500ms");
        return null;
      }
    }

    @Nullable Boolean bool(Mapping parent, String key, String path) {
      Field field = parent.field(key);
      if (field == null) {
        return null;
      }
      if (field.value() instanceof Scalar scalar) {
        if (scalar.token() == JsonToken.VALUE_TRUE) {
          return true;
        }
        if (scalar.token() == JsonToken.VALUE_FALSE) {
          return false;
        }
        if (scalar.text() != null
            && (scalar.text().equalsIgnoreCase("true")
                || scalar.text().equalsIgnoreCase("false"))) {
          return Boolean.parseBoolean(scalar.text().toLowerCase(Locale.ROOT));
        }
        if (scalar.text() == null || scalar.text().isEmpty()) {
          return null;
        }
        add(
            scalar.line(),
            path,
            "'" + scalar.text() + "' is not true or false",
            "write true or false");
        return null;
      }
      add(
          field.value().line(),
          path,
          "must be true or false, not a list or mapping",
          "write true or false");
      return null;
    }

    List<String> strings(Mapping parent, String key, String path) {
      Field field = parent.field(key);
      if (field == null || (field.value() instanceof Scalar s && s.isEmpty())) {
        return List.of();
      }
      if (!(field.value() instanceof Sequence sequence)) {
        add(
            field.value().line(),
            path,
            "must be a list",
            "write each entry on its own line as '- <value>'");
        return List.of();
      }
      List<String> values = new ArrayList<>();
      for (int i = 0; i < sequence.items().size(); i++) {
        Node node = sequence.items().get(i);
        if (node instanceof Scalar scalar && !scalar.isEmpty()) {
          checkAlias(scalar, path + "[" + i + "]");
          values.add(Objects.requireNonNull(scalar.text()).trim()); // not empty, so there is text
        } else {
          add(
              node.line(),
              path + "[" + i + "]",
              "must be a non-empty single value",
              "write one app ID per entry");
        }
      }
      return values;
    }

    void checkAlias(Scalar scalar, String path) {
      if (scalar.alias()) {
        add(
            scalar.line(),
            path,
            "uses a YAML alias (*" + scalar.text() + "), which is not supported",
            "write the value out instead of referring to an anchor");
      }
    }
  }
}
