package dev.daprcompute.aws.lambda;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.MetadataField;
import dev.daprcompute.api.MetadataField.Kind;
import dev.daprcompute.api.spi.BaseUrls;
import dev.daprcompute.api.spi.PlatformProvider;
import dev.daprcompute.api.spi.PlatformTransport;
import java.util.List;

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

  static final List<MetadataField> FIELDS = List.of(
      MetadataField.optional(LambdaSettings.FUNCTION_NAME, Kind.STRING,
          "the function: name, name:alias, or ARN; required in mode invoke; the default token audience is its bare name"),
      MetadataField.optional(LambdaSettings.QUALIFIER, Kind.STRING,
          "the version or alias to invoke, such as prod or 3; default: the function's unqualified ($LATEST)"),
      MetadataField.optional(LambdaSettings.REGION, Kind.STRING,
          "the AWS region, such as eu-west-1; default: from a function ARN or URL, else the AWS default region chain (AWS_REGION, profile)"),
      MetadataField.optional(LambdaSettings.ENDPOINT, Kind.URI,
          "the Lambda API endpoint, for emulators and tests; default https://lambda.<region>.amazonaws.com"),
      MetadataField.oneOf(LambdaSettings.MODE, List.of(LambdaSettings.MODE_INVOKE, LambdaSettings.MODE_URL),
          "invoke (the Invoke API, default) or url (a Function URL)"),
      MetadataField.optional(LambdaSettings.FUNCTION_URL, Kind.URI,
          "the Function URL, such as https://abc123.lambda-url.eu-west-1.on.aws; required in mode url"),
      MetadataField.oneOf(LambdaSettings.AUTH_TYPE, List.of(LambdaSettings.AUTH_NONE, LambdaSettings.AUTH_IAM),
          "the Function URL's auth type: AWS_IAM (default; requests are signed, the token goes in Dapr-Authorization) or NONE"),
      MetadataField.optional(LambdaSettings.ACCESS_KEY, Kind.STRING,
          "an AWS access key ID; default: the AWS default credentials chain; use secretKeyRef").asSecret(),
      MetadataField.optional(LambdaSettings.SECRET_KEY, Kind.STRING,
          "the AWS secret access key that goes with accessKey; use secretKeyRef").asSecret(),
      MetadataField.optional(LambdaSettings.SESSION_TOKEN, Kind.STRING,
          "the session token of temporary credentials given in accessKey and secretKey; use secretKeyRef").asSecret(),
      MetadataField.oneOf(LambdaSettings.INVOCATION_TYPE,
          List.of(LambdaSettings.INVOCATION_REQUEST_RESPONSE, LambdaSettings.INVOCATION_EVENT),
          "how binding events are invoked in mode invoke: RequestResponse (default) or Event (queued by Lambda, up to 1 MB, the reply is not read)"),
      BaseUrls.ALLOW_INSECURE_HTTP_FIELD);

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public List<MetadataField> fields() {
    return FIELDS;
  }

  /**
   * The component's transport. Features depend on the mode (platform checks in mode invoke,
   * asynchronous binding events with invocationType Event): the transport declares them.
   */
  @Override
  public PlatformTransport transport(ComponentMetadata metadata, ComputeContext context) {
    return LambdaTransport.create(metadata, context);
  }
}
