package dev.daprcompute.aws.lambda;

import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.api.ComputeUnavailableException.Reason;
import dev.daprcompute.api.spi.Redaction;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Where each request's AWS credentials come from: fixed keys from metadata, or the AWS SDK's
 * default chain, whose providers cache credentials and refresh them before they expire (web
 * identity, SSO, container and instance credentials), so asking per request is cheap. Thread-safe.
 */
final class AwsCredentialSource implements AutoCloseable {
  private final @Nullable AwsCredentialsProvider provider;
  private final @Nullable AwsCredentialsIdentity fixed;
  private final String description;

  private AwsCredentialSource(
      @Nullable AwsCredentialsProvider provider,
      @Nullable AwsCredentialsIdentity fixed,
      String description) {
    this.provider = provider;
    this.fixed = fixed;
    this.description = description;
  }

  /**
   * Fixed keys, from the metadata fields accessKey, secretKey and sessionToken ({@code
   * sessionToken} may be null).
   */
  static AwsCredentialSource of(
      String accessKeyId, String secretAccessKey, @Nullable String sessionToken) {
    Objects.requireNonNull(accessKeyId, "accessKeyId == null");
    Objects.requireNonNull(secretAccessKey, "secretAccessKey == null");
    return new AwsCredentialSource(
        null,
        sessionToken == null
            ? AwsCredentialsIdentity.create(accessKeyId, secretAccessKey)
            : AwsSessionCredentialsIdentity.create(accessKeyId, secretAccessKey, sessionToken),
        "metadata accessKey and secretKey");
  }

  /**
   * The AWS default credentials chain: system properties, environment variables, web identity token
   * file (EKS IRSA), profile files and SSO, container credentials (ECS, EKS Pod Identity), instance
   * profile. Nothing is read until the first request.
   */
  static AwsCredentialSource defaultChain() {
    return new AwsCredentialSource(
        DefaultCredentialsProvider.builder().build(), null, "the AWS default credentials chain");
  }

  /** For messages: where credentials come from (never the credentials). */
  String description() {
    return description;
  }

  /**
   * The credentials for a request now.
   *
   * @throws ComputeUnavailableException ({@link Reason#PLATFORM_CREDENTIALS}) when none can be
   *     found
   */
  AwsCredentialsIdentity resolve() {
    if (fixed != null) {
      return fixed;
    }
    try {
      return Objects.requireNonNull(provider, "provider").resolveCredentials();
    } catch (RuntimeException e) {
      String why =
          e.getMessage() == null
              ? e.getClass().getSimpleName()
              : Redaction.platformMessage(e.getMessage());
      throw new ComputeUnavailableException(
          Reason.PLATFORM_CREDENTIALS,
          "no AWS credentials from "
              + description
              + ": "
              + why
              + ". Give the component credentials: an IAM role for the pod or task (IRSA, EKS Pod Identity, ECS),"
              + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile, or metadata accessKey/secretKey",
          e);
    }
  }

  @Override
  public void close() {
    if (provider instanceof SdkAutoCloseable closeable) {
      closeable.close();
    }
  }

  @Override
  public String toString() {
    return "AwsCredentialSource[" + description + "]";
  }
}
