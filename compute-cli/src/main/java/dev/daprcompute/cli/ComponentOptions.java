package dev.daprcompute.cli;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ComputeConfigurationException;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeException;
import dev.daprcompute.api.ConfigurationProblem;
import dev.daprcompute.api.resources.ComponentResource;
import dev.daprcompute.api.resources.ComputeHandle;
import dev.daprcompute.api.resources.ComputeLoader;
import dev.daprcompute.api.resources.MetadataItem;
import dev.daprcompute.api.resources.SecretKeyRef;
import dev.daprcompute.api.resources.SecretResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The flags that say which component to use, as Dapr's CLI spells them, and loading it with the
 * library's {@link ComputeLoader}: the same files, secrets and selection rules as a runtime.
 *
 * <p>Secrets: {@code secretKeyRef}s are read from {@code --secrets-dir} (laid out as Kubernetes
 * mounts a secret), then from environment variables. The component's {@code auth.secretStore} names
 * the store daprd would use; the CLI reads these two sources whatever it names.
 */
final class ComponentOptions {

  // Not required=true for picocli, which would name the alias in its message: checked when loading.
  @Option(
      names = {"-d", "--resources-path"},
      paramLabel = "DIR",
      description =
          "the directory of Dapr resource YAML files, as daprd's --resources-path (required;"
              + " alias: --components-path)")
  @Nullable Path resourcesPath;

  /** Dapr's CLI still accepts its older name, so do we. */
  @Option(names = "--components-path", paramLabel = "DIR", hidden = true)
  void componentsPath(Path path) {
    this.resourcesPath = path;
  }

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description =
          "the Dapr Configuration file whose spec.compute {name, type} selects the component")
  @Nullable Path config;

  @Option(
      names = "--component",
      paramLabel = "NAME",
      description = "the component to use, overriding the Configuration's spec.compute.name")
  @Nullable String component;

  @Option(
      names = {"-a", "--app-id"},
      paramLabel = "ID",
      description =
          "the Dapr app ID: the tokens' subject; components whose scopes leave it out are invisible")
  @Nullable String appId;

  @Option(
      names = "--secrets-dir",
      paramLabel = "DIR",
      description =
          "a file secret store: secretKeyRef {name: N, key: K} reads DIR/N/K (or DIR/N when K is N),"
              + " as Kubernetes mounts secrets. Environment variables are always a secret source. The component's"
              + " auth.secretStore (daprd's store) is not used: these two sources are.")
  @Nullable Path secretsDir;

  /** The loader these flags describe. */
  ComputeLoader loader(Function<String, @Nullable String> environment) {
    return loader(environment, UnaryOperator.identity(), null);
  }

  /**
   * The loader these flags describe, its context completed by {@code context} (an init listener, an
   * observation registry) and init bounded by {@code initTimeout} (null: the component's own).
   */
  ComputeLoader loader(
      Function<String, @Nullable String> environment,
      UnaryOperator<ComputeContext> context,
      @Nullable Duration initTimeout) {
    if (component != null && component.isBlank()) {
      throw CliException.usage("--component is blank: give a component's metadata.name");
    }
    SecretResolver secrets = SecretResolver.environment(environment);
    if (secretsDir != null) {
      if (!Files.isDirectory(secretsDir)) {
        throw CliException.usage("--secrets-dir " + secretsDir + " is not a directory");
      }
      secrets = SecretResolver.chain(SecretResolver.files(secretsDir), secrets);
    }
    return ComputeLoader.builder()
        .resourcesPath(requiredResourcesPath())
        .configuration(config)
        .componentName(component)
        .environment(environment)
        .secretResolver(secrets)
        .context(context.apply(ComputeContext.defaults().withAppId(appId)))
        .initTimeout(initTimeout)
        .build();
  }

  /**
   * The component, initialised. A component that failed with {@code spec.ignoreErrors: true} is
   * still a failure here: there is nothing to run the command against.
   *
   * @throws ComputeException what loading or init threw
   */
  ComputeHandle load(Function<String, @Nullable String> environment) {
    return load(environment, UnaryOperator.identity(), null);
  }

  /**
   * {@link #load(Function)} with the loader of {@link #loader(Function, UnaryOperator, Duration)}.
   */
  ComputeHandle load(
      Function<String, @Nullable String> environment,
      UnaryOperator<ComputeContext> context,
      @Nullable Duration initTimeout) {
    ComputeLoader loader = loader(environment, context, initTimeout);
    ComponentResource selected = select(loader);
    ComputeHandle handle = withSecretSources(selected, environment, loader::load);
    if (!handle.isReady()) {
      handle.close();
      ComputeException failure = handle.failure().orElse(null);
      if (failure instanceof ComputeConfigurationException configuration) {
        throw locateSecrets(configuration, selected, environment);
      }
      throw failure != null
          ? failure
          : CliException.failed("component '" + handle.component().name() + "' is not ready");
    }
    return handle;
  }

  /**
   * What {@code read} makes of the selected component's metadata, secrets resolved, without
   * creating or initialising the component. A problem with a value that came from a secret, found
   * while resolving or by {@code read}, names the secret file or environment variable.
   */
  <T> T resolve(
      Function<String, @Nullable String> environment, Function<ComponentMetadata, T> read) {
    ComputeLoader loader = loader(environment);
    ComponentResource selected = select(loader);
    return withSecretSources(selected, environment, () -> read.apply(loader.resolve(selected)));
  }

  private <T> T withSecretSources(
      ComponentResource selected,
      Function<String, @Nullable String> environment,
      Supplier<T> read) {
    try {
      return read.get();
    } catch (ComputeConfigurationException e) {
      throw locateSecrets(e, selected, environment);
    }
  }

  /** Selects the component, and refuses file secrets when no file secret store was given. */
  private ComponentResource select(ComputeLoader loader) {
    ComponentResource selected = loader.select();
    if (secretsDir != null) {
      return selected;
    }
    List<ConfigurationProblem> problems = new ArrayList<>();
    for (MetadataItem item : selected.metadata()) {
      SecretKeyRef ref = item.secretKeyRef();
      if (ref != null && !ref.key().equals(ref.name())) {
        String store =
            selected.secretStore() != null
                ? " (auth.secretStore '"
                    + selected.secretStore()
                    + "' names daprd's store; the CLI reads --secrets-dir"
                    + " and environment variables)"
                : "";
        problems.add(
            new ConfigurationProblem(
                selected.file(),
                item.line(),
                selected.name(),
                "spec.metadata[" + item.name() + "].secretKeyRef",
                "secret '"
                    + ref.name()
                    + "' with key '"
                    + ref.key()
                    + "' is read from a file secret store, and no"
                    + " --secrets-dir was given; environment variables hold only secrets whose key is the secret's name"
                    + store,
                "pass --secrets-dir DIR, with the value in DIR/"
                    + ref.name()
                    + "/"
                    + ref.key()
                    + " (as Kubernetes mounts secret '"
                    + ref.name()
                    + "')"));
      }
    }
    if (!problems.isEmpty()) {
      throw new ComputeConfigurationException(problems);
    }
    return selected;
  }

  /**
   * {@code failure} with each problem about a metadata value that came from a secret placed at the
   * secret's file (or environment variable): that is where the wrong value is, not the YAML line.
   */
  private ComputeConfigurationException locateSecrets(
      ComputeConfigurationException failure,
      ComponentResource selected,
      Function<String, @Nullable String> environment) {
    boolean changed = false;
    List<ConfigurationProblem> problems = new ArrayList<>();
    for (ConfigurationProblem problem : failure.problems()) {
      Optional<MetadataItem> item = itemOf(problem, selected);
      Optional<SecretSource> source = item.flatMap(i -> secretSource(i, environment));
      if (source.isEmpty()
          || !(selected.name().equals(problem.component()) || problem.component() == null)) {
        problems.add(problem);
        continue;
      }
      changed = true;
      MetadataItem it = item.get();
      SecretSource from = source.get();
      String where =
          from.file() != null
              ? "the secret file " + from.file()
              : "the environment variable " + from.variable();
      problems.add(
          new ConfigurationProblem(
              from.file() != null ? from.file().toString() : problem.file(),
              from.file() != null ? 0 : problem.line(),
              problem.component(),
              problem.field(),
              problem.message()
                  + " (the value comes from "
                  + where
                  + ", the secretKeyRef of spec.metadata["
                  + it.name()
                  + "] at "
                  + selected.file()
                  + ":"
                  + it.line()
                  + ")",
              (problem.fix().isEmpty() ? "" : problem.fix() + ", and ")
                  + "put the value in "
                  + where));
    }
    return changed ? new ComputeConfigurationException(problems, failure) : failure;
  }

  /** The metadata item a problem's field ({@code metadata 'key'}) is about, if it names one. */
  private static Optional<MetadataItem> itemOf(
      ConfigurationProblem problem, ComponentResource selected) {
    String field = problem.field();
    if (field == null || !field.startsWith("metadata '") || !field.endsWith("'")) {
      return Optional.empty();
    }
    String name =
        field.substring("metadata '".length(), field.length() - 1).toLowerCase(Locale.ROOT);
    return selected.metadata().stream()
        .filter(i -> i.name().toLowerCase(Locale.ROOT).equals(name))
        .findFirst();
  }

  /**
   * Where the value of a {@code secretKeyRef} item was read, as the resolvers look: the file {@code
   * DIR/N/K}, the file {@code DIR/N} (K = N), else the environment variable {@code $N}.
   */
  private Optional<SecretSource> secretSource(
      MetadataItem item, Function<String, @Nullable String> environment) {
    SecretKeyRef ref = item.secretKeyRef();
    if (ref == null) {
      return Optional.empty();
    }
    if (secretsDir != null) {
      Path file = secretsDir.resolve(ref.name()).resolve(ref.key());
      if (Files.isRegularFile(file)) {
        return Optional.of(new SecretSource(file, null));
      }
      Path single = secretsDir.resolve(ref.name());
      if (ref.key().equals(ref.name()) && Files.isRegularFile(single)) {
        return Optional.of(new SecretSource(single, null));
      }
    }
    return ref.key().equals(ref.name()) && environment.apply(ref.name()) != null
        ? Optional.of(new SecretSource(null, ref.name()))
        : Optional.empty();
  }

  /** Where a secret's value was read: a file, or else an environment variable. */
  private record SecretSource(@Nullable Path file, @Nullable String variable) {}

  private Path requiredResourcesPath() {
    if (resourcesPath == null) {
      throw CliException.usage(
          "missing required option '--resources-path=DIR' (or --components-path): the directory"
              + " of the Dapr resource YAML files");
    }
    return resourcesPath;
  }
}
