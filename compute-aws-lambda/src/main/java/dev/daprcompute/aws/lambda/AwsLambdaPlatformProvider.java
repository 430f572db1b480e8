package dev.daprcompute.aws.lambda;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ComputeConfigurationException;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ConfigurationProblem;
import dev.daprcompute.api.MetadataField;
import dev.daprcompute.api.MetadataField.Kind;
import dev.daprcompute.api.spi.BaseUrls;
import dev.daprcompute.api.spi.PlatformProvider;
import dev.daprcompute.api.spi.PlatformTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * {@code compute.aws.lambda}: a function on AWS Lambda.
 *
 * <p>In mode {@code invoke} (the default) every request goes through Lambda's Invoke API, signed
 * with SigV4, wrapped in an API Gateway HTTP API v2.0 event (what a Function URL hands a function,
 * and what compute-function's {@code LambdaFunctionAdapter} reads); {@code init} first checks the
 * function with a {@code DryRun} invoke and {@code GetFunctionConfiguration}. In mode {@code url}
 * requests go to a Function URL as plain HTTP, signed when its auth type is {@code AWS_IAM} (the
 * token then travels in {@code Dapr-Authorization}).
 *
 * <p>Credentials come from metadata {@code accessKey}/{@code secretKey}/{@code sessionToken}, or
 * else from the AWS SDK's default chain (environment, system properties, profiles and SSO, web
 * identity as on EKS with IRSA, ECS and EKS Pod Identity container credentials, instance profiles),
 * refreshed before they expire. Stateless and thread-safe.
 */
public final class AwsLambdaPlatformProvider implements PlatformProvider {
  /** The component type. */
  public static final String TYPE = "compute.aws.lambda";

  static final List<MetadataField> FIELDS =
      List.of(
          MetadataField.optional(
              LambdaSettings.FUNCTION_NAME,
              Kind.STRING,
              "the function: name, name:alias, or ARN; required in mode invoke; the default token audience is its bare name"),
          MetadataField.optional(
              LambdaSettings.QUALIFIER,
              Kind.STRING,
              "the version or alias to invoke, such as prod or 3; default: the function's unqualified ($LATEST)"),
          MetadataField.optional(
              LambdaSettings.REGION,
              Kind.STRING,
              "the AWS region, such as eu-west-1; default: from a function ARN or URL, else the AWS default region chain (AWS_REGION, profile)"),
          MetadataField.optional(
              LambdaSettings.ENDPOINT,
              Kind.URI,
              "the Lambda API endpoint, for emulators and tests; default https://lambda.<region>.amazonaws.com"),
          MetadataField.oneOf(
              LambdaSettings.MODE,
              List.of(LambdaSettings.MODE_INVOKE, LambdaSettings.MODE_URL),
              "invoke (the Invoke API, default) or url (a Function URL)"),
          MetadataField.optional(
              LambdaSettings.FUNCTION_URL,
              Kind.URI,
              "the Function URL, such as https://abc123.lambda-url.eu-west-1.on.aws; required in mode url"),
          MetadataField.oneOf(
              LambdaSettings.AUTH_TYPE,
              List.of(LambdaSettings.AUTH_NONE, LambdaSettings.AUTH_IAM),
              "the Function URL's auth type: AWS_IAM (default; requests are signed, the token goes in Dapr-Authorization) or NONE"),
          MetadataField.optional(
                  LambdaSettings.ACCESS_KEY,
                  Kind.STRING,
                  "an AWS access key ID; default: the AWS default credentials chain; use secretKeyRef")
              .asSecret(),
          MetadataField.optional(
                  LambdaSettings.SECRET_KEY,
                  Kind.STRING,
                  "the AWS secret access key that goes with accessKey; use secretKeyRef")
              .asSecret(),
          MetadataField.optional(
                  LambdaSettings.SESSION_TOKEN,
                  Kind.STRING,
                  "the session token of temporary credentials given in accessKey and secretKey; use secretKeyRef")
              .asSecret(),
          MetadataField.oneOf(
              LambdaSettings.INVOCATION_TYPE,
              List.of(LambdaSettings.INVOCATION_REQUEST_RESPONSE, LambdaSettings.INVOCATION_EVENT),
              "how binding events are invoked in mode invoke: RequestResponse (default) or Event (queued by Lambda, up to 1 MB, the reply is not read)"),
          BaseUrls.ALLOW_INSECURE_HTTP_FIELD,
          BaseUrls.CA_CERTIFICATE_FIELD);

  private final Supplier<Optional<String>> defaultRegion;

  /** The provider, asking the AWS default region chain when no region can be derived. */
  public AwsLambdaPlatformProvider() {
    this(AwsLambdaPlatformProvider::defaultRegion);
  }

  /** As above, with the default region chain given (for tests). */
  AwsLambdaPlatformProvider(Supplier<Optional<String>> defaultRegion) {
    this.defaultRegion = defaultRegion;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public List<MetadataField> fields() {
    return FIELDS;
  }

  /**
   * The component's transport: the Invoke API's, or a Function URL's. Features depend on the mode
   * (platform checks in mode invoke, asynchronous binding events with invocationType Event): the
   * transport declares them.
   */
  @Override
  public PlatformTransport transport(ComponentMetadata metadata, ComputeContext context) {
    List<ConfigurationProblem> problems = new ArrayList<>();
    OkHttpClient client = BaseUrls.client(metadata, context.httpClient(), problems);
    LambdaSettings settings = null;
    try {
      settings = LambdaSettings.read(metadata, defaultRegion);
    } catch (ComputeConfigurationException e) {
      problems.addAll(0, e.problems());
    }
    if (!problems.isEmpty() || settings == null) {
      throw new ComputeConfigurationException(problems);
    }
    LambdaSettings.Keys keys = settings.keys();
    AwsCredentialSource credentials =
        keys != null
            ? AwsCredentialSource.of(
                keys.accessKeyId(), keys.secretAccessKey(), keys.sessionToken())
            : AwsCredentialSource.defaultChain();
    return settings.invokeMode()
        ? new InvokeTransport(settings, credentials, client, context.clock())
        : FunctionUrl.transport(settings, credentials, client, context.clock());
  }

  /** The AWS default region chain: aws.region, AWS_REGION, the profile, instance metadata. */
  private static Optional<String> defaultRegion() {
    try {
      return Optional.ofNullable(new DefaultAwsRegionProviderChain().getRegion()).map(Region::id);
    } catch (RuntimeException none) {
      return Optional.empty();
    }
  }
}
