package dev.daprcompute.api;

import dev.daprcompute.api.internal.GoDuration;
import dev.daprcompute.api.internal.Spelling;
import dev.daprcompute.protocol.internal.ByteSize;
import dev.daprcompute.protocol.internal.Redact;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A component as {@link Compute#init} receives it: its name, type and version, and its metadata
 * with every secret already resolved.
 *
 * <p>Values are read with typed accessors; a value of the wrong type is a {@link
 * ComputeConfigurationException} naming the file, the component and the field. Field names are
 * matched case-insensitively, as Dapr does. Secret values (from {@code secretKeyRef}, or fields
 * declared secret) never appear in messages. Immutable and thread-safe.
 */
public final class ComponentMetadata {
  /** Dapr's default {@code spec.initTimeout}. */
  public static final Duration DEFAULT_INIT_TIMEOUT = Duration.ofSeconds(5);

  private final String name;
  private final String type;
  private final String version;
  private final @Nullable String file;
  private final int line;
  private final @Nullable Duration initTimeout;
  private final boolean ignoreErrors;
  private final Map<String, Entry> entries;

  private ComponentMetadata(Builder b) {
    this.name = b.name;
    this.type = b.type;
    this.version = b.version;
    this.file = b.file;
    this.line = b.line;
    this.initTimeout = b.initTimeout;
    this.ignoreErrors = b.ignoreErrors;
    this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(b.entries));
  }

  /** A builder for a component called {@code name} of type {@code type}, version {@code v1}. */
  public static Builder builder(String name, String type) {
    return new Builder(name, type);
  }

  /** The component's name ({@code metadata.name}). */
  public String name() {
    return name;
  }

  /** The component type ({@code spec.type}), such as {@code compute.http}. */
  public String type() {
    return type;
  }

  /** The component version ({@code spec.version}), such as {@code v1}. */
  public String version() {
    return version;
  }

  /** The file the component was read from, if any. */
  public Optional<String> file() {
    return Optional.ofNullable(file);
  }

  /**
   * How long {@code init} may take, retries included: {@code spec.initTimeout}, else Dapr's default
   * of 5 s. A platform may have a longer default of its own, which {@code init} uses when {@link
   * #initTimeoutIfSet()} is empty.
   */
  public Duration initTimeout() {
    return initTimeout != null ? initTimeout : DEFAULT_INIT_TIMEOUT;
  }

  /**
   * {@code spec.initTimeout} when the component sets it (even to Dapr's default, 5 s); empty when
   * it does not, so that the platform's default applies.
   */
  public Optional<Duration> initTimeoutIfSet() {
    return Optional.ofNullable(initTimeout);
  }

  /** Whether the runtime goes on when init fails ({@code spec.ignoreErrors}). */
  public boolean ignoreErrors() {
    return ignoreErrors;
  }

  /** The field names that have a value, as written. */
  public Set<String> fieldNames() {
    Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    entries.values().forEach(entry -> names.add(entry.name));
    return names;
  }

  /** Whether {@code field} has a non-empty value. */
  public boolean has(String field) {
    Entry entry = entries.get(key(field));
    return entry != null && !entry.value.isEmpty();
  }

  /** The value of {@code field}; empty when unset or blank. */
  public Optional<String> string(String field) {
    Entry entry = entries.get(key(field));
    if (entry == null || entry.value.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(entry.value.trim());
  }

  /** The value of {@code field}, which must be set. */
  public String requireString(String field) {
    return string(field)
        .orElseThrow(
            () ->
                error(
                    field, "is required but not set", "add a metadata item named '" + field + "'"));
  }

  /** {@code field} as a secret; empty when unset. */
  public Optional<SecretValue> secret(String field) {
    Entry entry = entries.get(key(field));
    if (entry == null || entry.value.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(SecretValue.of(entry.value.trim()));
  }

  /** {@code field} as an absolute URL. */
  public Optional<URI> uri(String field) {
    return uri(field, false);
  }

  /** {@code field} as a Go duration ({@code 30s}, {@code 1m30s}). */
  public Optional<Duration> duration(String field) {
    return duration(field, false);
  }

  /** {@code field} as a whole number. */
  public Optional<Integer> integer(String field) {
    return integer(field, false);
  }

  /** {@code field} as a boolean: true/false, yes/no, on/off, 1/0 (any case). */
  public Optional<Boolean> bool(String field) {
    return bool(field, false);
  }

  /** {@code field} as a size in bytes ({@code 4194304}, {@code 4Mi}). */
  public Optional<Long> byteSize(String field) {
    return byteSize(field, false);
  }

  /** {@code field} as one of {@code allowed}, returned as spelled in {@code allowed}. */
  public Optional<String> oneOf(String field, List<String> allowed) {
    return oneOf(field, allowed, false);
  }

  // The variants below take "hide": the field is declared secret, so even an inline value is not
  // shown.

  private Optional<URI> uri(String field, boolean hide) {
    return parsed(
        field, "an absolute URL", "write a URL such as https://example.com/api", hide, URI_PARSER);
  }

  private Optional<Duration> duration(String field, boolean hide) {
    return parsed(
        field,
        "a duration",
        "write a duration such as 30s, 1m30s or 500ms",
        hide,
        GoDuration::parse);
  }

  private Optional<Integer> integer(String field, boolean hide) {
    return parsed(field, "a whole number", "write digits only, such as 3", hide, Integer::valueOf);
  }

  private Optional<Boolean> bool(String field, boolean hide) {
    return parsed(
        field, "true or false", "write true or false", hide, ComponentMetadata::parseBoolean);
  }

  private Optional<Long> byteSize(String field, boolean hide) {
    return parsed(field, "a size", "write bytes or a size such as 4Mi", hide, ByteSize::parse);
  }

  private Optional<String> oneOf(String field, List<String> allowed, boolean hide) {
    return parsed(
        field,
        "one of " + allowed,
        "write one of " + String.join(", ", allowed),
        hide,
        text -> {
          for (String value : allowed) {
            if (value.equalsIgnoreCase(text)) {
              return value;
            }
          }
          throw new IllegalArgumentException("not one of " + allowed);
        });
  }

  /**
   * Checks every value against {@code fields}: unknown fields (with the closest known name),
   * missing required fields, and values of the wrong type, all reported at once.
   *
   * @throws ComputeConfigurationException listing every problem
   */
  public void validate(List<MetadataField> fields) {
    List<ConfigurationProblem> problems = new ArrayList<>();
    Map<String, MetadataField> known = new LinkedHashMap<>();
    fields.forEach(f -> known.put(key(f.name()), f));
    for (Entry entry : entries.values()) {
      MetadataField field = known.get(key(entry.name));
      if (field == null) {
        String closest =
            Spelling.closest(entry.name, known.values().stream().map(MetadataField::name).toList());
        String fix =
            closest != null
                ? "did you mean '" + closest + "'? Known fields of " + type + ": " + names(fields)
                : "remove it; known fields of " + type + ": " + names(fields);
        problems.add(problem(entry.name, "is not a field of " + type, fix, entry.line));
        continue;
      }
      try {
        boolean hide = field.secret();
        switch (field.kind()) {
          case URI -> uri(field.name(), hide);
          case DURATION -> duration(field.name(), hide);
          case INTEGER -> integer(field.name(), hide);
          case BOOLEAN -> bool(field.name(), hide);
          case BYTE_SIZE -> byteSize(field.name(), hide);
          case ENUM -> oneOf(field.name(), field.allowedValues(), hide);
          case STRING -> {}
        }
      } catch (ComputeConfigurationException e) {
        problems.addAll(e.problems());
      }
    }
    for (MetadataField field : fields) {
      if (field.required()
          && string(field.name()).isEmpty()) { // blank counts as missing, as for requireString
        problems.add(
            problem(
                field.name(),
                "is required but not set",
                "add a metadata item named '" + field.name() + "' (" + field.description() + ")",
                line));
      }
    }
    if (!problems.isEmpty()) {
      throw new ComputeConfigurationException(problems);
    }
  }

  /** A problem with {@code field} of this component, located in its file. */
  public ConfigurationProblem problem(String field, String message, String fix) {
    Entry entry = entries.get(key(field));
    return problem(
        entry != null ? entry.name : field, message, fix, entry != null ? entry.line : line);
  }

  /** An exception for one problem with {@code field}. */
  public ComputeConfigurationException error(String field, String message, String fix) {
    return new ComputeConfigurationException(problem(field, message, fix));
  }

  /** A problem with the component as a whole (not one field). */
  public ConfigurationProblem componentProblem(String message, String fix) {
    return new ConfigurationProblem(file, line, name, null, message, fix);
  }

  /** Whether the value of {@code field} came from a secret or is declared secret. */
  public boolean isSecret(String field) {
    Entry entry = entries.get(key(field));
    return entry != null && entry.secret;
  }

  /** Names only: values may be secrets. */
  @Override
  public String toString() {
    return "ComponentMetadata["
        + name
        + ", "
        + type
        + "/"
        + version
        + ", fields="
        + fieldNames()
        + "]";
  }

  private ConfigurationProblem problem(String field, String message, String fix, int atLine) {
    // A value without a line of its own is located at the component.
    return new ConfigurationProblem(
        file, atLine > 0 ? atLine : line, name, "metadata '" + field + "'", message, fix);
  }

  private <T> Optional<T> parsed(
      String field, String expected, String fix, boolean hide, Function<String, T> parser) {
    Optional<String> text = string(field);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(parser.apply(text.get()));
    } catch (RuntimeException e) {
      // A URL may carry credentials (user info, ?code=): show it redacted.
      String value =
          parser == (Function<String, ?>) URI_PARSER ? Redact.url(text.get()) : text.get();
      String shown = hide || isSecret(field) ? "the value" : "'" + value + "'";
      throw error(field, shown + " is not " + expected, fix);
    }
  }

  private static final Function<String, URI> URI_PARSER = ComponentMetadata::parseUri;

  private static URI parseUri(String text) {
    try {
      URI uri = new URI(text);
      if (!uri.isAbsolute() || uri.getHost() == null) {
        throw new IllegalArgumentException("not absolute");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static boolean parseBoolean(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "y", "on", "1" -> true;
      case "false", "no", "n", "off", "0" -> false;
      default -> throw new IllegalArgumentException(text);
    };
  }

  private static String names(List<MetadataField> fields) {
    return String.join(", ", fields.stream().map(MetadataField::name).toList());
  }

  private static String key(String field) {
    return field.toLowerCase(Locale.ROOT);
  }

  private record Entry(String name, String value, boolean secret, int line) {}

  /** Builds component metadata; not thread-safe. */
  public static final class Builder {
    private final String name;
    private final String type;
    private String version = "v1";
    private @Nullable String file;
    private int line;
    private @Nullable Duration initTimeout;
    private boolean ignoreErrors;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private Builder(String name, String type) {
      this.name = Objects.requireNonNull(name, "name == null");
      this.type = Objects.requireNonNull(type, "type == null");
    }

    /** The component version ({@code spec.version}). */
    public Builder version(String version) {
      this.version = Objects.requireNonNull(version, "version == null");
      return this;
    }

    /** Where the component was read from, for messages. */
    public Builder source(String file, int line) {
      this.file = Objects.requireNonNull(file, "file == null");
      this.line = line;
      return this;
    }

    /**
     * {@code spec.initTimeout}; unset, the platform's default applies (Dapr's 5 s unless it has its
     * own).
     */
    public Builder initTimeout(Duration initTimeout) {
      if (initTimeout.isNegative() || initTimeout.isZero()) {
        throw new IllegalArgumentException("initTimeout must be positive: " + initTimeout);
      }
      this.initTimeout = initTimeout;
      return this;
    }

    /** {@code spec.ignoreErrors}. */
    public Builder ignoreErrors(boolean ignoreErrors) {
      this.ignoreErrors = ignoreErrors;
      return this;
    }

    /** A plain value. */
    public Builder put(String field, String value) {
      return put(field, value, false, 0);
    }

    /** A value resolved from a secret; it never appears in messages. */
    public Builder putSecret(String field, String value) {
      return put(field, value, true, 0);
    }

    /** A value read at {@code line} of the component's file. */
    public Builder put(String field, String value, boolean secret, int line) {
      Objects.requireNonNull(field, "field == null");
      Objects.requireNonNull(value, "value == null");
      entries.put(key(field), new Entry(field, value, secret, line));
      return this;
    }

    public ComponentMetadata build() {
      return new ComponentMetadata(this);
    }
  }
}
