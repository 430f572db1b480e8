package dev.daprcompute.aws.lambda;

import dev.daprcompute.api.ComputeUnavailableException;
import dev.daprcompute.api.ComputeUnavailableException.Reason;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
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
  private final SigV4.@Nullable Credentials fixed;
  private final String description;

  private AwsCredentialSource(@Nullable AwsCredentialsProvider provider, SigV4.@Nullable Credentials fixed,
      String description) {
    this.provider = provider;
    this.fixed = fixed;
    this.description = description;
  }

  /** The keys of metadata {@code accessKey}, {@code secretKey} and {@code sessionToken}. */
  static AwsCredentialSource of(SigV4.Credentials keys) {
    return new AwsCredentialSource(null, Objects.requireNonNull(keys, "keys == null"), "metadata accessKey and secretKey");
  }

  /**
   * The AWS default credentials chain: system properties, environment variables, web identity
   * token file (EKS IRSA), profile files and SSO, container credentials (ECS, EKS Pod Identity),
   * instance profile. Nothing is read until the first request.
   */
  static AwsCredentialSource defaultChain() {
    return new AwsCredentialSource(DefaultCredentialsProvider.builder().build(), null, "the AWS default credentials chain");
  }

  /** No credentials: nothing is signed (a Function URL with auth NONE). */
  static AwsCredentialSource none() {
    return new AwsCredentialSource(null, null, "no credentials (nothing is signed)");
  }

  /** For messages: where credentials come from (never the credentials). */
  String description() {
    return description;
  }

  /**
   * The credentials for a request now.
   *
   * @throws ComputeUnavailableException ({@link Reason#PLATFORM_CREDENTIALS}) when none can be found
   */
  SigV4.Credentials resolve() {
    if (fixed != null) {
      return fixed;
    }
    if (provider == null) {
      throw new IllegalStateException("nothing is signed here: no credentials to resolve");
    }
    AwsCredentials credentials;
    try {
      credentials = provider.resolveCredentials();
    } catch (RuntimeException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : LambdaErrors.clean(e.getMessage());
      throw new ComputeUnavailableException(Reason.PLATFORM_CREDENTIALS, "no AWS credentials from " + description + ": "
          + why + ". Give the component credentials: an IAM role for the pod or task (IRSA, EKS Pod Identity, ECS),"
          + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile, or metadata accessKey/secretKey", e);
    }
    String token = credentials instanceof AwsSessionCredentials session ? session.sessionToken() : null;
    return new SigV4.Credentials(credentials.accessKeyId(), credentials.secretAccessKey(), token);
  }

  /**
   * The credentials for a request now, as the AWS SDK's signer takes them.
   *
   * @throws ComputeUnavailableException ({@link Reason#PLATFORM_CREDENTIALS}) when none can be found
   */
  AwsCredentialsIdentity identity() {
    SigV4.Credentials keys = resolve();
    return keys.sessionToken() == null ? AwsCredentialsIdentity.create(keys.accessKeyId(), keys.secretAccessKey())
        : AwsSessionCredentialsIdentity.create(keys.accessKeyId(), keys.secretAccessKey(), keys.sessionToken());
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
