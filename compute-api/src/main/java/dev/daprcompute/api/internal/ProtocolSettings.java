package dev.daprcompute.api.internal;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ComputeConfigurationException;
import dev.daprcompute.api.ConfigurationProblem;
import dev.daprcompute.api.MetadataField;
import dev.daprcompute.api.MetadataField.Kind;
import dev.daprcompute.api.spi.TimeoutDefaults;
import dev.daprcompute.api.token.KeyFormatException;
import dev.daprcompute.api.token.SigningKey;
import dev.daprcompute.api.token.TokenSigner;
import dev.daprcompute.protocol.Protocol;
import dev.daprcompute.protocol.SemVer;
import dev.daprcompute.protocol.internal.Messages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The metadata every compute component shares: how it signs tokens and what it allows a call.
 *
 * @param key the private key that signs tokens
 * @param audience the token audience, or {@code null} for the function's name on its platform
 * @param tokenHeader {@code Authorization} or {@code Dapr-Authorization}, or {@code null} for the
 *     platform's choice ({@code Authorization} unless the platform uses it itself)
 * @param tokenLifetime how long a token is valid (reused for half of it)
 * @param minVersion the lowest function SDK version accepted, if any
 * @param timeout the default deadline of a call
 * @param maxBodySize the largest request or reply body, in bytes
 * @param maxConcurrency the most calls in flight at once
 */
public record ProtocolSettings(
    SigningKey key,
    @Nullable String audience,
    @Nullable String tokenHeader,
    Duration tokenLifetime,
    @Nullable SemVer minVersion,
    Duration timeout,
    long maxBodySize,
    int maxConcurrency) {

  /** Default {@code timeout}, unless the platform has its own: long enough for most cold starts. */
  public static final Duration DEFAULT_TIMEOUT = TimeoutDefaults.COMMON.timeout();

  /** Default {@code maxBodySize}: daprd's {@code --max-body-size}. */
  public static final long DEFAULT_MAX_BODY_SIZE = 4L << 20;

  /** Default {@code maxConcurrency}. */
  public static final int DEFAULT_MAX_CONCURRENCY = 64;

  /** The common metadata fields; each provider lists these plus its own. */
  public static final List<MetadataField> FIELDS =
      List.of(
          MetadataField.required(
                  "key",
                  Kind.STRING,
                  "the private key that signs tokens: PKCS#8 PEM or a JWK (Ed25519 recommended); use secretKeyRef")
              .asSecret(),
          MetadataField.optional(
              "audience",
              Kind.STRING,
              "the token audience the function expects; default: the function's name on its platform"),
          MetadataField.oneOf(
              "tokenHeader",
              List.of(Protocol.AUTHORIZATION, Protocol.DAPR_AUTHORIZATION),
              "where the token goes; default Authorization, or Dapr-Authorization when something in front of the function uses Authorization"),
          MetadataField.optional(
              "tokenLifetime",
              Kind.DURATION,
              "how long a token is valid, at most "
                  + Protocol.MAX_TOKEN_LIFETIME.toHours()
                  + "h; default 60s"),
          MetadataField.optional(
              "minVersion", Kind.STRING, "the lowest function SDK version accepted, such as 1.2.0"),
          MetadataField.optional("timeout", Kind.DURATION, "the deadline of a call; default 60s"),
          MetadataField.optional(
              "maxBodySize", Kind.BYTE_SIZE, "the largest request or reply body; default 4Mi"),
          MetadataField.optional(
              "maxConcurrency", Kind.INTEGER, "the most calls in flight at once; default 64"));

  /** {@link #FIELDS} followed by a provider's own fields. */
  public static List<MetadataField> fieldsWith(List<MetadataField> providerFields) {
    return fieldsWith(providerFields, TimeoutDefaults.COMMON);
  }

  /**
   * {@link #FIELDS}, the {@code timeout} field describing the platform's default, followed by the
   * platform's own fields.
   */
  public static List<MetadataField> fieldsWith(
      List<MetadataField> providerFields, TimeoutDefaults defaults) {
    List<MetadataField> all = new ArrayList<>();
    for (MetadataField field : FIELDS) {
      all.add(
          field.name().equals("timeout") && !defaults.equals(TimeoutDefaults.COMMON)
              ? MetadataField.optional(
                  "timeout",
                  Kind.DURATION,
                  "the deadline of a call; default "
                      + GoDuration.format(defaults.timeout())
                      + (defaults.reason().isEmpty() ? "" : ", " + defaults.reason()))
              : field);
    }
    all.addAll(providerFields);
    return List.copyOf(all);
  }

  /**
   * Reads the common fields of {@code metadata}, with the common default {@code timeout}.
   *
   * @throws ComputeConfigurationException listing every problem, none showing the key
   */
  public static ProtocolSettings from(ComponentMetadata metadata) {
    return from(metadata, DEFAULT_TIMEOUT);
  }

  /**
   * Reads the common fields of {@code metadata}; {@code defaultTimeout} when it sets no {@code
   * timeout}.
   *
   * @throws ComputeConfigurationException listing every problem, none showing the key
   */
  public static ProtocolSettings from(ComponentMetadata metadata, Duration defaultTimeout) {
    List<ConfigurationProblem> problems = new ArrayList<>();
    SigningKey key = null;
    try {
      String text =
          metadata
              .secret("key")
              .orElseThrow(
                  () ->
                      metadata.error(
                          "key",
                          "is required but not set",
                          "set it to the private key (PKCS#8 PEM or JWK), preferably with secretKeyRef"))
              .reveal();
      key = SigningKey.parse(text);
    } catch (KeyFormatException e) {
      problems.add(
          metadata.problem(
              "key", e.getMessage(), "generate a key pair with 'dapr-compute keygen'"));
    } catch (ComputeConfigurationException e) {
      problems.addAll(e.problems());
    }
    Duration lifetime =
        read(problems, () -> metadata.duration("tokenLifetime"))
            .orElse(TokenSigner.DEFAULT_LIFETIME);
    if (lifetime.isNegative()
        || lifetime.isZero()
        || lifetime.compareTo(Protocol.MAX_TOKEN_LIFETIME) > 0) {
      problems.add(
          metadata.problem(
              "tokenLifetime",
              "must be more than 0 and at most " + Protocol.MAX_TOKEN_LIFETIME.toHours() + "h",
              "write a duration such as 60s"));
    }
    SemVer minVersion = null;
    Optional<String> min = metadata.string("minVersion");
    if (min.isPresent()) {
      try {
        minVersion = SemVer.parse(min.get());
      } catch (IllegalArgumentException e) {
        // From a secret store or the environment, the value is a secret like any other: not shown.
        String why =
            metadata.isSecret("minVersion")
                ? "the value is not a semantic version such as 1.2.3"
                : Messages.of(e);
        problems.add(metadata.problem("minVersion", why, "write a version such as 1.2.0"));
      }
    }
    Duration timeout = read(problems, () -> metadata.duration("timeout")).orElse(defaultTimeout);
    if (timeout.isNegative() || timeout.isZero()) {
      problems.add(
          metadata.problem("timeout", "must be more than 0", "write a duration such as 30s"));
    }
    long maxBody =
        read(problems, () -> metadata.byteSize("maxBodySize")).orElse(DEFAULT_MAX_BODY_SIZE);
    if (maxBody <= 0 || maxBody > Integer.MAX_VALUE - 16) {
      problems.add(
          metadata.problem(
              "maxBodySize", "must be more than 0 and less than 2Gi", "write a size such as 4Mi"));
    }
    int concurrency =
        read(problems, () -> metadata.integer("maxConcurrency")).orElse(DEFAULT_MAX_CONCURRENCY);
    if (concurrency < 1) {
      problems.add(
          metadata.problem("maxConcurrency", "must be at least 1", "write a number such as 64"));
    }
    String tokenHeader =
        read(
                problems,
                () ->
                    metadata.oneOf(
                        "tokenHeader",
                        List.of(Protocol.AUTHORIZATION, Protocol.DAPR_AUTHORIZATION)))
            .orElse(null);
    if (!problems.isEmpty()) {
      throw new ComputeConfigurationException(problems);
    }
    // A key that could not be read added a problem, so here it is set.
    return new ProtocolSettings(
        Objects.requireNonNull(key),
        metadata.string("audience").orElse(null),
        tokenHeader,
        lifetime,
        minVersion,
        timeout,
        maxBody,
        concurrency);
  }

  private static <T> Optional<T> read(
      List<ConfigurationProblem> problems, java.util.function.Supplier<Optional<T>> reader) {
    try {
      return reader.get();
    } catch (ComputeConfigurationException e) {
      problems.addAll(e.problems());
      return Optional.empty();
    }
  }
}
