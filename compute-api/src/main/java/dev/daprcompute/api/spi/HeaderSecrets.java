package dev.daprcompute.api.spi;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ConfigurationProblem;
import dev.daprcompute.api.SecretValue;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Secrets that a transport sends as a header value (a function key, an API token), read from
 * metadata and checked there: OkHttp names a header value it refuses in its exception message
 * unless it knows the header as a credential, so a key with a line break pasted into it would
 * otherwise end up in a log. Thread-safe; stateless.
 */
public final class HeaderSecrets {
  private HeaderSecrets() {}

  /**
   * Field {@code field} of {@code metadata} as a secret header value: visible ASCII only (a key or
   * token has no spaces, line breaks or other characters); adds a problem that never shows the
   * value to {@code problems} and returns {@code null} when it is not one, or when it is not set.
   *
   * @param fix how to get the value right, such as {@code paste the key exactly as the portal shows
   *     it}
   */
  public static @Nullable SecretValue read(
      ComponentMetadata metadata, String field, String fix, List<ConfigurationProblem> problems) {
    Optional<SecretValue> value = metadata.secret(field);
    if (value.isEmpty()) {
      return null;
    }
    if (!value.get().reveal().chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      problems.add(
          metadata.problem(
              field,
              "contains characters a key or token cannot have (spaces, line breaks or"
                  + " non-ASCII)",
              fix));
      return null;
    }
    return value.get();
  }
}
