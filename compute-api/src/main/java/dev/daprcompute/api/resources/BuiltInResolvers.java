package dev.daprcompute.api.resources;

import dev.daprcompute.api.ComputeConfigurationException;
import dev.daprcompute.api.ConfigurationProblem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The built-in resolvers; their {@code toString} says where they look, for "missing secret" fixes.
 */
final class BuiltInResolvers {
  private BuiltInResolvers() {}

  static String describe(SecretResolver resolver) {
    return resolver instanceof Environment
            || resolver instanceof Files
            || resolver instanceof Chain
            || resolver instanceof None
        ? resolver.toString()
        : "the runtime's secret resolver";
  }

  record Environment(Function<String, @Nullable String> env) implements SecretResolver {
    @Override
    public Optional<String> resolve(@Nullable String store, String name, String key) {
      if (!key.equals(name)) {
        throw new ComputeConfigurationException(
            ConfigurationProblem.of(
                null,
                "secretKeyRef.key",
                "the environment holds one value per secret, so the key must be empty or equal to the secret name '"
                    + name
                    + "', not '"
                    + key
                    + "'",
                "remove secretKeyRef.key, or set it to '" + name + "'"));
      }
      return Optional.ofNullable(env.apply(name));
    }

    @Override
    public String toString() {
      return "environment variables";
    }
  }

  record Files(Path dir) implements SecretResolver {
    @Override
    public Optional<String> resolve(@Nullable String store, String name, String key) {
      checkFileName("secretKeyRef.name", name);
      checkFileName("secretKeyRef.key", key);
      Path file = dir.resolve(name).resolve(key);
      if (java.nio.file.Files.isRegularFile(file)) {
        return Optional.of(read(file));
      }
      Path single = dir.resolve(name);
      if (key.equals(name) && java.nio.file.Files.isRegularFile(single)) {
        return Optional.of(read(single));
      }
      return Optional.empty();
    }

    // A reference must not reach outside dir: names such as "../../etc/passwd" are refused.
    private static void checkFileName(String field, String text) {
      if (text.isEmpty()
          || text.equals(".")
          || text.equals("..")
          || text.indexOf('/') >= 0
          || text.indexOf('\\') >= 0
          || text.indexOf('\0') >= 0) {
        throw new ComputeConfigurationException(
            ConfigurationProblem.of(
                null,
                field,
                "'" + text + "' is not a valid secret file name",
                "use a name without '/', '\\' or '..', as Kubernetes secret names and keys are"));
      }
    }

    private static String read(Path file) {
      try {
        String text = java.nio.file.Files.readString(file, StandardCharsets.UTF_8);
        if (text.endsWith("\r\n")) {
          return text.substring(0, text.length() - 2);
        }
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
      } catch (IOException e) {
        throw new ComputeConfigurationException(
            List.of(
                ConfigurationProblem.of(
                    null,
                    null,
                    "cannot read the secret file "
                        + file
                        + " ("
                        + e.getClass().getSimpleName()
                        + ")",
                    "make the file readable by this process")),
            e);
      }
    }

    @Override
    public String toString() {
      return "secret files under " + dir;
    }
  }

  record Chain(List<SecretResolver> resolvers) implements SecretResolver {
    Chain {
      resolvers.forEach(r -> Objects.requireNonNull(r, "resolver == null"));
    }

    @Override
    public Optional<String> resolve(@Nullable String store, String name, String key) {
      List<ConfigurationProblem> problems = new ArrayList<>();
      for (SecretResolver resolver : resolvers) {
        try {
          Optional<String> value = resolver.resolve(store, name, key);
          if (value.isPresent()) {
            return value;
          }
        } catch (ComputeConfigurationException e) {
          problems.addAll(e.problems());
        }
      }
      if (!problems.isEmpty()) {
        throw new ComputeConfigurationException(problems);
      }
      return Optional.empty();
    }

    @Override
    public String toString() {
      return String.join(", then ", resolvers.stream().map(BuiltInResolvers::describe).toList());
    }
  }

  enum None implements SecretResolver {
    INSTANCE;

    @Override
    public Optional<String> resolve(@Nullable String store, String name, String key) {
      return Optional.empty();
    }

    @Override
    public String toString() {
      return "no secret store";
    }
  }
}
