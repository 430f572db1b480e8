package dev.daprcompute.cli;

import dev.daprcompute.api.CallOptions;
import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeException;
import dev.daprcompute.api.resources.ComponentResource;
import dev.daprcompute.api.resources.ComputeHandle;
import dev.daprcompute.api.resources.ComputeLoader;
import dev.daprcompute.api.resources.SecretResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The flags that say which component to use, as Dapr's CLI spells them, and loading it with the
 * library's {@link ComputeLoader}: the same files, secrets and selection rules as a runtime.
 */
final class ComponentOptions {

  // Not required=true for picocli, which would name the alias in its message: checked when loading.
  @Option(names = {"-d", "--resources-path"}, paramLabel = "DIR",
      description = "the directory of Dapr resource YAML files, as daprd's --resources-path (required;"
          + " alias: --components-path)")
  @Nullable Path resourcesPath;

  /** Dapr's CLI still accepts its older name, so do we. */
  @Option(names = "--components-path", paramLabel = "DIR", hidden = true)
  void componentsPath(Path path) {
    this.resourcesPath = path;
  }

  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "the Dapr Configuration file whose spec.compute {name, type} selects the component")
  @Nullable Path config;

  @Option(names = "--component", paramLabel = "NAME",
      description = "the component to use, overriding the Configuration's spec.compute.name")
  @Nullable String component;

  @Option(names = {"-a", "--app-id"}, paramLabel = "ID",
      description = "the Dapr app ID: the tokens' subject; components whose scopes leave it out are invisible")
  @Nullable String appId;

  @Option(names = "--secrets-dir", paramLabel = "DIR",
      description = "a file secret store: secretKeyRef {name: N, key: K} reads DIR/N/K (or DIR/N when K is N),"
          + " as Kubernetes mounts secrets. Environment variables are always a secret source.")
  @Nullable Path secretsDir;

  @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "the deadline of each call, such as 30s or 1m30s (default: the component's timeout metadata)")
  @Nullable Duration timeout;

  /** The loader these flags describe. */
  ComputeLoader loader(Function<String, @Nullable String> environment) {
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
        .context(ComputeContext.defaults().withAppId(appId))
        .build();
  }

  /**
   * The component, initialised. A component that failed with {@code spec.ignoreErrors: true} is
   * still a failure here: there is nothing to run the command against.
   *
   * @throws ComputeException what loading or init threw
   */
  ComputeHandle load(Function<String, @Nullable String> environment) {
    ComputeHandle handle = loader(environment).load();
    if (!handle.isReady()) {
      handle.close();
      throw handle.failure().orElseThrow(() -> CliException.failed("component '" + handle.component().name()
          + "' is not ready"));
    }
    return handle;
  }

  /** The selected component's metadata, secrets resolved, without creating or initialising it. */
  ComponentMetadata resolve(Function<String, @Nullable String> environment) {
    ComputeLoader loader = loader(environment);
    ComponentResource selected = loader.select();
    return loader.resolve(selected);
  }

  /** Per-call options: {@code --timeout}, else the component's own. */
  CallOptions callOptions() {
    return timeout != null ? CallOptions.timeout(timeout) : CallOptions.defaults();
  }

  private Path requiredResourcesPath() {
    if (resourcesPath == null) {
      throw CliException.usage("missing required option '--resources-path=DIR' (or --components-path): the directory"
          + " of the Dapr resource YAML files");
    }
    return resourcesPath;
  }
}
