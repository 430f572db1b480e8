package dev.daprcompute.api.resources;

import dev.daprcompute.api.ComputeConfigurationException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Looks up the value a {@code secretKeyRef} points at. The runtime supplies one (it may front a
 * Dapr secret store); the built-ins read environment variables and Kubernetes-mounted secret files.
 *
 * <p><b>Contract.</b> {@link #resolve} returns empty when the secret or key does not exist; the
 * loader turns that into a problem naming the component, field, store, secret and key. A reference
 * the resolver can never serve (a key its kind of store does not have, a name that is not a valid
 * file name) is a {@link ComputeConfigurationException} whose problems need not name a component or
 * file: the loader adds them. Any other exception propagates to the caller of {@link
 * ComputeLoader#load()}. Messages never contain secret values.
 *
 * <p>Implementations are thread-safe; the built-ins are.
 */
@FunctionalInterface
public interface SecretResolver {

  /**
   * The value of {@code key} in the secret {@code name}.
   *
   * @param store the component's {@code auth.secretStore}, if set; the built-ins ignore it
   * @param name the secret's name
   * @param key the key within the secret; equals {@code name} when the reference gave none
   * @throws ComputeConfigurationException when this resolver cannot serve such a reference
   */
  Optional<String> resolve(@Nullable String store, String name, String key);

  /** The process environment: the secret {@code name} is the variable {@code name}. */
  static SecretResolver environment() {
    return environment(System::getenv);
  }

  /**
   * The environment {@code env} describes: the secret {@code name} is the variable {@code name}.
   * Like Dapr's {@code secretstores.local.env}, a secret has a single value, so the key must be
   * empty or equal to the name.
   *
   * @param env returns a variable's value, or null when it is not set
   */
  static SecretResolver environment(Function<String, @Nullable String> env) {
    return new BuiltInResolvers.Environment(Objects.requireNonNull(env, "env == null"));
  }

  /**
   * Secrets mounted as files, as Kubernetes mounts them: the key {@code key} of secret {@code name}
   * is the file {@code dir/name/key}; when that is missing and the key is the name, the file {@code
   * dir/name}. The content is read as UTF-8, less one trailing line break (which editors and {@code
   * echo} add, and which no credential means).
   */
  static SecretResolver files(Path dir) {
    return new BuiltInResolvers.Files(Objects.requireNonNull(dir, "dir == null"));
  }

  /**
   * Asks each resolver in turn; the first value found wins. A resolver that cannot serve the
   * reference is skipped; its problems are reported only when no resolver found a value.
   */
  static SecretResolver chain(SecretResolver... resolvers) {
    List<SecretResolver> list = List.of(resolvers);
    return new BuiltInResolvers.Chain(list);
  }

  /** Finds nothing: every {@code secretKeyRef} is reported missing. */
  static SecretResolver none() {
    return BuiltInResolvers.None.INSTANCE;
  }
}
