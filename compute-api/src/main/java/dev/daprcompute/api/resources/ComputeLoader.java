package dev.daprcompute.api.resources;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.Compute;
import dev.daprcompute.api.ComputeConfigurationException;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeException;
import dev.daprcompute.api.ComputeProvider;
import dev.daprcompute.api.ComputeProviders;
import dev.daprcompute.api.ConfigurationProblem;
import dev.daprcompute.api.InitReport;
import dev.daprcompute.api.MetadataField;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * From resource files to an initialised {@link Compute}: reads the components (and the
 * Configuration, if given), selects the compute component, resolves its values, secrets and
 * environment references, picks its provider, creates the compute and runs {@link Compute#init}.
 *
 * <p><b>Selection.</b> The component is the one named by {@link Builder#componentName} (a CLI's
 * {@code --component}), else by the Configuration's {@code spec.compute.name}, else the only
 * component whose type starts with {@code compute.}. When the name comes from the Configuration and
 * it gives {@code spec.compute.type}, the component's {@code spec.type} must match. When the
 * context has an app ID, components whose {@code scopes} leave it out are invisible, as in daprd.
 *
 * <p><b>Errors.</b> Configuration mistakes are one {@link ComputeConfigurationException} listing
 * every problem found in a step, each naming the file, line, component and field with a fix.
 * Messages and logs never contain secret values.
 *
 * <p>Immutable and thread-safe; every call reads the files again.
 */
public final class ComputeLoader {
  private static final Logger LOG = LoggerFactory.getLogger(ComputeLoader.class);

  private final Path resourcesPath;
  private final @Nullable Path configuration;
  private final @Nullable String componentName;
  private final ComputeProviders providers;
  private final SecretResolver secretResolver;
  private final Function<String, @Nullable String> environment;
  private final ComputeContext context;
  private final @Nullable Duration initTimeout;

  private ComputeLoader(Builder b, Path resourcesPath) {
    this.resourcesPath = resourcesPath;
    this.configuration = b.configuration;
    this.componentName = b.componentName;
    this.providers = b.providers != null ? b.providers : ComputeProviders.load();
    this.environment = b.environment;
    this.secretResolver =
        b.secretResolver != null ? b.secretResolver : SecretResolver.environment(b.environment);
    this.context = b.context != null ? b.context : ComputeContext.defaults();
    this.initTimeout = b.initTimeout;
  }

  /** A builder; {@link Builder#resourcesPath} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads the resources and selects the compute component (see the class description).
   *
   * @throws ComputeConfigurationException for problems in the files, a name that matches no
   *     component, a type mismatch, an app ID out of scope, or no or several candidates
   */
  public ComponentResource select() {
    List<ConfigurationProblem> problems = new ArrayList<>();
    DaprResources resources = null;
    ConfigurationResource config = null;
    try {
      resources = DaprResources.load(resourcesPath);
    } catch (ComputeConfigurationException e) {
      problems.addAll(e.problems());
    }
    if (configuration != null) {
      try {
        config = DaprResources.loadConfiguration(configuration);
      } catch (ComputeConfigurationException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty() || resources == null) {
      throw new ComputeConfigurationException(problems);
    }
    return select(resources, config);
  }

  /**
   * The component's metadata with every value, secret and environment reference resolved, checked
   * against its provider's fields.
   *
   * @throws ComputeConfigurationException listing every problem at once: no provider for the type,
   *     missing secrets or environment variables, unknown, missing or mistyped fields
   */
  public ComponentMetadata resolve(ComponentResource component) {
    Objects.requireNonNull(component, "component == null");
    Resolution resolution = resolve(component, provider(component));
    if (!resolution.problems().isEmpty()) {
      throw new ComputeConfigurationException(resolution.problems());
    }
    return resolution.metadata();
  }

  /**
   * Selects the component, finds its provider, resolves its metadata, creates the compute and
   * initialises it. Blocks while init runs (up to the component's {@code spec.initTimeout}).
   *
   * <p>When resolving or init fails with a {@link ComputeException} and the component has {@code
   * spec.ignoreErrors: true}, logs a warning and returns a handle that is not ready, as daprd goes
   * on without such a component. Otherwise the compute is closed and the exception thrown.
   * Selection and provider errors are always thrown: there is nothing to go on with.
   *
   * @throws ComputeConfigurationException for configuration problems (see {@link #select()} and
   *     {@link #resolve})
   * @throws ComputeException what {@link Compute#init} threw, such as a {@link
   *     dev.daprcompute.api.ComputeInitException}
   */
  public ComputeHandle load() {
    ComponentResource component = select();
    ComputeProvider provider = provider(component);
    Resolution resolution = resolve(component, provider);
    if (!resolution.problems().isEmpty()) {
      ComputeConfigurationException failure =
          new ComputeConfigurationException(resolution.problems());
      if (component.ignoreErrors()) {
        warnIgnored(component, failure);
        return ComputeHandle.failed(component, resolution.metadata(), provider, failure);
      }
      throw failure;
    }
    Compute compute = provider.create(context);
    try {
      InitReport report =
          Objects.requireNonNull(
              compute.init(resolution.metadata()),
              () ->
                  provider.getClass().getName()
                      + "'s Compute.init returned null instead of an InitReport");
      LOG.debug(
          "Component '{}' ({}/{}) is ready",
          component.name(),
          component.type(),
          component.version());
      return ComputeHandle.ready(component, resolution.metadata(), provider, compute, report);
    } catch (ComputeException e) {
      closeAfterFailure(compute, e);
      if (component.ignoreErrors()) {
        warnIgnored(component, e);
        return ComputeHandle.failed(component, resolution.metadata(), provider, e);
      }
      throw e;
    } catch (RuntimeException | Error e) {
      closeAfterFailure(compute, e);
      throw e;
    }
  }

  @Override
  public String toString() {
    return "ComputeLoader[resources="
        + resourcesPath
        + ", configuration="
        + configuration
        + ", component="
        + componentName
        + "]";
  }

  private ComponentResource select(
      DaprResources resources, @Nullable ConfigurationResource config) {
    ComputeSelection selection = config != null ? config.compute() : null;
    String name =
        componentName != null ? componentName : selection != null ? selection.name() : null;
    String appId = context.appId();
    if (name != null) {
      ComponentResource component = resources.component(name).orElse(null);
      if (component == null) {
        throw new ComputeConfigurationException(noSuchComponent(resources, config, name));
      }
      List<ConfigurationProblem> problems = new ArrayList<>();
      // A --component override replaces the Configuration's choice, type included.
      if (config != null
          && selection != null
          && selection.type() != null
          && name.equals(selection.name())
          && !selection.type().equals(component.type())) {
        problems.add(
            new ConfigurationProblem(
                config.file(),
                0,
                component.name(),
                "spec.compute.type",
                "is '"
                    + selection.type()
                    + "', but component '"
                    + component.name()
                    + "' at "
                    + component.location()
                    + " has spec.type '"
                    + component.type()
                    + "'",
                "make spec.compute.type and the component's spec.type the same, or remove spec.compute.type"));
      }
      if (appId != null && !component.isInScope(appId)) {
        problems.add(outOfScope(component, appId));
      }
      if (!problems.isEmpty()) {
        throw new ComputeConfigurationException(problems);
      }
      return component;
    }

    List<ComponentResource> compute =
        resources.components().stream().filter(ComponentResource::isCompute).toList();
    List<ComponentResource> visible =
        appId == null ? compute : compute.stream().filter(c -> c.isInScope(appId)).toList();
    if (visible.size() == 1) {
      return visible.get(0);
    }
    String dir = resourcesPath.toString();
    if (visible.isEmpty() && !compute.isEmpty()) {
      throw new ComputeConfigurationException(
          compute.stream().map(c -> outOfScope(c, appId)).toList());
    }
    if (visible.isEmpty()) {
      String present =
          resources.components().isEmpty()
              ? "there are no components"
                  + (resources.skipped().isEmpty()
                      ? ""
                      : "; skipped: " + String.join(", ", resources.skipped()))
              : "components present: " + describe(resources.components());
      throw new ComputeConfigurationException(
          new ConfigurationProblem(
              dir,
              0,
              null,
              "spec.type",
              "no component has a compute type (compute.*); " + present,
              "add a Component whose spec.type is a compute type, such as compute.http"));
    }
    String how =
        config != null
            ? "set spec.compute.name in " + config.file()
            : "set spec.compute.name in a Configuration (and pass it)";
    throw new ComputeConfigurationException(
        new ConfigurationProblem(
            dir,
            0,
            null,
            null,
            visible.size()
                + " components have a compute type, so which one to use is ambiguous: "
                + describe(visible),
            "choose one: " + how + ", or pass the component name (--component)"));
  }

  private ConfigurationProblem noSuchComponent(
      DaprResources resources, @Nullable ConfigurationResource config, String name) {
    String present =
        resources.components().isEmpty()
            ? "it holds no components"
            : "components: "
                + resources.components().stream()
                    .map(ComponentResource::name)
                    .collect(Collectors.joining(", "));
    String message = "no component named '" + name + "' in " + resourcesPath + " (" + present + ")";
    String choices =
        resources.components().isEmpty()
            ? "add a Component with metadata.name: " + name
            : "use one of "
                + resources.components().stream()
                    .map(ComponentResource::name)
                    .collect(Collectors.joining(", "))
                + ", or add a Component with metadata.name: "
                + name;
    if (componentName != null || config == null) {
      return new ConfigurationProblem(null, 0, name, "component name", message, choices);
    }
    return new ConfigurationProblem(config.file(), 0, name, "spec.compute.name", message, choices);
  }

  private static ConfigurationProblem outOfScope(
      ComponentResource component, @Nullable String appId) {
    return new ConfigurationProblem(
        component.file(),
        component.line(),
        component.name(),
        "scopes",
        "app '" + appId + "' is not in the component's scopes " + component.scopes(),
        "add '"
            + appId
            + "' to scopes, remove scopes to allow every app, or run as one of "
            + component.scopes());
  }

  private static String describe(List<ComponentResource> components) {
    return components.stream()
        .map(c -> c.name() + " (" + c.type() + ", " + c.location() + ")")
        .collect(Collectors.joining(", "));
  }

  private ComputeProvider provider(ComponentResource component) {
    try {
      return providers.select(component.type(), component.version());
    } catch (ComputeConfigurationException e) {
      throw new ComputeConfigurationException(
          e.problems().stream().map(p -> locate(p, component)).toList(), e);
    }
  }

  /** The problem placed at the component, keeping what it already says about where it is. */
  private static ConfigurationProblem locate(
      ConfigurationProblem problem, ComponentResource component) {
    ConfigurationProblem located =
        problem.file() != null ? problem : problem.at(component.file(), component.line());
    return new ConfigurationProblem(
        located.file(),
        located.line(),
        located.component() != null ? located.component() : component.name(),
        located.field(),
        located.message(),
        located.fix());
  }

  private record Resolution(ComponentMetadata metadata, List<ConfigurationProblem> problems) {}

  private Resolution resolve(ComponentResource component, ComputeProvider provider) {
    List<MetadataField> fields = provider.metadataFields();
    Map<String, MetadataField> byName =
        fields.stream()
            .collect(Collectors.toMap(f -> f.name().toLowerCase(Locale.ROOT), f -> f, (a, b) -> a));
    ComponentMetadata.Builder builder =
        ComponentMetadata.builder(component.name(), component.type())
            .version(component.version())
            .source(component.file(), component.line())
            .ignoreErrors(component.ignoreErrors());
    // A command line's --init-timeout wins over the component's, and over the provider's default.
    Duration bound = initTimeout != null ? initTimeout : component.initTimeout();
    if (bound != null) {
      builder.initTimeout(bound);
    }
    List<ConfigurationProblem> problems = new ArrayList<>();
    Set<String> unresolved = new HashSet<>();
    for (MetadataItem item : component.metadata()) {
      MetadataField field = byName.get(item.name().toLowerCase(Locale.ROOT));
      Optional<String> value = resolveItem(component, item, problems);
      if (value.isPresent()) {
        // A secret written as a plain value is still a secret; environment variables often hold
        // them.
        boolean secret = item.value() == null || (field != null && field.secret());
        builder.put(item.name(), value.get(), secret, item.line());
      } else {
        // Kept empty so that validation still reports an unknown field name for it.
        builder.put(item.name(), "", true, item.line());
        unresolved.add(item.name().toLowerCase(Locale.ROOT));
      }
    }
    ComponentMetadata metadata = builder.build();
    try {
      metadata.validate(fields);
    } catch (ComputeConfigurationException e) {
      for (ConfigurationProblem problem : e.problems()) {
        // "required but not set" says nothing new about a field whose value could not be resolved.
        boolean repeatsUnresolved =
            unresolved.stream()
                .anyMatch(
                    name ->
                        ("metadata '" + name + "'")
                                .equalsIgnoreCase(String.valueOf(problem.field()))
                            && problem.message().contains("required"));
        if (!repeatsUnresolved) {
          problems.add(problem);
        }
      }
    }
    return new Resolution(metadata, List.copyOf(problems));
  }

  private Optional<String> resolveItem(
      ComponentResource component, MetadataItem item, List<ConfigurationProblem> problems) {
    String path = "spec.metadata[" + item.name() + "]";
    if (item.value() != null) {
      return Optional.of(item.value());
    }
    if (item.envRef() != null) {
      String value = environment.apply(item.envRef());
      if (value == null) {
        problems.add(
            new ConfigurationProblem(
                component.file(),
                item.line(),
                component.name(),
                path + ".envRef",
                "environment variable '" + item.envRef() + "' is not set",
                "set " + item.envRef() + " in this process's environment, or change envRef"));
      }
      return Optional.ofNullable(value);
    }
    SecretKeyRef ref = Objects.requireNonNull(item.secretKeyRef());
    String store = component.secretStore();
    try {
      Optional<String> value = secretResolver.resolve(store, ref.name(), ref.key());
      if (value.isEmpty()) {
        String where =
            store != null
                ? "secret store '" + store + "'"
                : "the default secret store (no auth.secretStore)";
        problems.add(
            new ConfigurationProblem(
                component.file(),
                item.line(),
                component.name(),
                path + ".secretKeyRef",
                "secret '"
                    + ref.name()
                    + "' with key '"
                    + ref.key()
                    + "' was not found in "
                    + where,
                "create secret '"
                    + ref.name()
                    + "' with key '"
                    + ref.key()
                    + "' (looked in "
                    + BuiltInResolvers.describe(secretResolver)
                    + "), or correct secretKeyRef"));
      }
      return value;
    } catch (ComputeConfigurationException e) {
      // The resolver knows what is wrong with the reference; the component, file and line are ours
      // to add.
      for (ConfigurationProblem problem : e.problems()) {
        String field =
            problem.field() != null && problem.field().startsWith("secretKeyRef")
                ? path + "." + problem.field()
                : path + ".secretKeyRef";
        problems.add(
            new ConfigurationProblem(
                component.file(),
                item.line(),
                component.name(),
                field,
                problem.message() + (store != null ? " (secret store '" + store + "')" : ""),
                problem.fix()));
      }
      return Optional.empty();
    }
  }

  private static void closeAfterFailure(Compute compute, Throwable failure) {
    try {
      compute.close();
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private static void warnIgnored(ComponentResource component, ComputeException failure) {
    // ComputeException messages never hold secrets, so the message can be logged as it is.
    LOG.warn(
        "Component '{}' ({}/{}) at {} failed and spec.ignoreErrors is true, so going on without it: {}",
        component.name(),
        component.type(),
        component.version(),
        component.location(),
        failure.getMessage());
  }

  /** Configures a {@link ComputeLoader}; not thread-safe. */
  public static final class Builder {
    private @Nullable Path resourcesPath;
    private @Nullable Path configuration;
    private @Nullable String componentName;
    private @Nullable ComputeProviders providers;
    private @Nullable SecretResolver secretResolver;
    private Function<String, @Nullable String> environment = System::getenv;
    private @Nullable ComputeContext context;
    private @Nullable Duration initTimeout;

    private Builder() {}

    /** The directory of Component YAML files, as daprd's {@code --resources-path}; required. */
    public Builder resourcesPath(Path resourcesPath) {
      this.resourcesPath = Objects.requireNonNull(resourcesPath, "resourcesPath == null");
      return this;
    }

    /** The Configuration file whose {@code spec.compute} names the component; none by default. */
    public Builder configuration(@Nullable Path configuration) {
      this.configuration = configuration;
      return this;
    }

    /** The component to use, overriding the Configuration's {@code spec.compute.name}. */
    public Builder componentName(@Nullable String componentName) {
      if (componentName != null && componentName.isBlank()) {
        throw new IllegalArgumentException("componentName is blank; pass null for none");
      }
      this.componentName = componentName;
      return this;
    }

    /** The providers to choose from; by default {@link ComputeProviders#load()}. */
    public Builder providers(ComputeProviders providers) {
      this.providers = Objects.requireNonNull(providers, "providers == null");
      return this;
    }

    /**
     * Where {@code secretKeyRef} values come from; by default {@link
     * SecretResolver#environment(Function)} over {@link #environment}.
     */
    public Builder secretResolver(SecretResolver secretResolver) {
      this.secretResolver = Objects.requireNonNull(secretResolver, "secretResolver == null");
      return this;
    }

    /**
     * The environment {@code envRef} items read (and the default secret resolver); by default
     * {@link System#getenv(String)}. The function returns null for a variable that is not set.
     */
    public Builder environment(Function<String, @Nullable String> environment) {
      this.environment = Objects.requireNonNull(environment, "environment == null");
      return this;
    }

    /**
     * What the created compute shares with the runtime; by default {@link
     * ComputeContext#defaults()}.
     */
    public Builder context(ComputeContext context) {
      this.context = Objects.requireNonNull(context, "context == null");
      return this;
    }

    /**
     * How long init may take, instead of the component's {@code spec.initTimeout}: a command line's
     * {@code --init-timeout}, for a one-off command that should not wait as long as a runtime.
     * {@code null} (the default): the component's own.
     *
     * @throws IllegalArgumentException when it is zero or negative
     */
    public Builder initTimeout(@Nullable Duration initTimeout) {
      if (initTimeout != null && (initTimeout.isNegative() || initTimeout.isZero())) {
        throw new IllegalArgumentException("initTimeout must be positive: " + initTimeout);
      }
      this.initTimeout = initTimeout;
      return this;
    }

    /**
     * The loader. Reads no files yet.
     *
     * @throws IllegalStateException when {@link #resourcesPath} was not set
     */
    public ComputeLoader build() {
      if (resourcesPath == null) {
        throw new IllegalStateException("resourcesPath is required");
      }
      return new ComputeLoader(this, resourcesPath);
    }
  }
}
