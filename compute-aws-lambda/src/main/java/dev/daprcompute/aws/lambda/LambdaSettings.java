package dev.daprcompute.aws.lambda;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ComputeConfigurationException;
import dev.daprcompute.api.ConfigurationProblem;
import dev.daprcompute.api.SecretValue;
import dev.daprcompute.api.spi.BaseUrls;
import dev.daprcompute.api.spi.HeaderSecrets;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;

/**
 * The {@code compute.aws.lambda} metadata of one component, checked: every problem is reported at
 * once, naming its field, and no secret value appears in a message.
 *
 * @param invokeMode true for the Invoke API, false for a Function URL
 * @param function the function, if named (always in mode invoke)
 * @param qualifier the qualifier to send as {@code ?Qualifier=}, if any
 * @param region the region, or {@code null} when nothing is signed (a Function URL with auth NONE)
 * @param baseUrl the Lambda API endpoint (mode invoke) or the Function URL (mode url)
 * @param signed whether requests are signed with SigV4
 * @param keys credentials from metadata, or {@code null} for the AWS default chain (or none,
 *     unsigned)
 * @param eventBindings whether binding events are invoked with {@code InvocationType Event}
 */
record LambdaSettings(
    boolean invokeMode,
    @Nullable FunctionName function,
    @Nullable String qualifier,
    @Nullable String region,
    HttpUrl baseUrl,
    boolean signed,
    @Nullable Keys keys,
    boolean eventBindings) {

  private static final Logger log = LoggerFactory.getLogger(LambdaSettings.class);

  /**
   * AWS credentials given in metadata.
   *
   * @param sessionToken the session token of temporary credentials, or {@code null}
   */
  record Keys(String accessKeyId, String secretAccessKey, @Nullable String sessionToken) {
    /** Where the credentials come from, never what they are. */
    @Override
    public String toString() {
      return "Keys[from metadata" + (sessionToken != null ? ", with session token" : "") + "]";
    }
  }

  static final String FUNCTION_NAME = "functionName";
  static final String QUALIFIER = "qualifier";
  static final String REGION = "region";
  static final String ENDPOINT = "endpoint";
  static final String MODE = "mode";
  static final String FUNCTION_URL = "functionUrl";
  static final String AUTH_TYPE = "authType";
  static final String ACCESS_KEY = "accessKey";
  static final String SECRET_KEY = "secretKey";
  static final String SESSION_TOKEN = "sessionToken";
  static final String INVOCATION_TYPE = "invocationType";

  static final String MODE_INVOKE = "invoke";
  static final String MODE_URL = "url";
  static final String AUTH_NONE = "NONE";
  static final String AUTH_IAM = "AWS_IAM";
  static final String INVOCATION_REQUEST_RESPONSE = "RequestResponse";
  static final String INVOCATION_EVENT = "Event";

  private static final Pattern REGION_NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  /** {@code <url-id>.lambda-url.<region>.on.aws}: a Function URL names its region. */
  private static final Pattern FUNCTION_URL_HOST =
      Pattern.compile("[a-z0-9]+\\.lambda-url\\.([a-z0-9-]+)\\.on\\.aws");

  /**
   * The bare function name, for messages and the default audience; the Function URL when unnamed.
   */
  String displayName() {
    if (function != null) {
      return function.name();
    }
    return BaseUrls.display(baseUrl);
  }

  /**
   * Reads and checks the metadata.
   *
   * @param defaultRegion the AWS default region chain; asked only when no region can be derived
   * @throws ComputeConfigurationException naming every problem
   */
  static LambdaSettings read(ComponentMetadata metadata, Supplier<Optional<String>> defaultRegion) {
    List<ConfigurationProblem> problems = new ArrayList<>();
    String mode = metadata.oneOf(MODE, List.of(MODE_INVOKE, MODE_URL)).orElse(MODE_INVOKE);
    boolean invoke = mode.equals(MODE_INVOKE);

    FunctionName function = null;
    Optional<String> name = metadata.string(FUNCTION_NAME);
    if (name.isPresent()) {
      function = FunctionName.parse(name.get()).orElse(null);
      if (function == null) {
        problems.add(
            metadata.problem(
                FUNCTION_NAME,
                "'" + name.get() + "' is not a Lambda function name",
                "write a name (orders-fn, up to 64 letters, digits, - and _), name:alias (orders-fn:prod), or an ARN "
                    + "(arn:aws:lambda:eu-west-1:123456789012:function:orders-fn)"));
      }
    } else if (invoke) {
      problems.add(
          metadata.problem(
              FUNCTION_NAME,
              "is required in mode invoke but not set",
              "set it to the function's name, name:alias or ARN"));
    }

    String qualifier = metadata.string(QUALIFIER).orElse(null);
    if (qualifier != null) {
      if (!invoke) {
        problems.add(
            metadata.problem(
                QUALIFIER,
                "applies to mode invoke only",
                "remove it: a Function URL belongs to one qualifier already"));
      } else if (!FunctionName.QUALIFIER.matcher(qualifier).matches()) {
        problems.add(
            metadata.problem(
                QUALIFIER,
                "'" + qualifier + "' is not a Lambda version or alias",
                "write a version number (3), $LATEST, or an alias name (letters, digits, - and _)"));
      } else if (function != null
          && function.qualifier() != null
          && !function.qualifier().equals(qualifier)) {
        problems.add(
            metadata.problem(
                QUALIFIER,
                "'"
                    + qualifier
                    + "' differs from the qualifier '"
                    + function.qualifier()
                    + "' in functionName",
                "give the qualifier once: in functionName or in qualifier"));
      }
    }

    String invocationType =
        metadata
            .oneOf(INVOCATION_TYPE, List.of(INVOCATION_REQUEST_RESPONSE, INVOCATION_EVENT))
            .orElse(INVOCATION_REQUEST_RESPONSE);
    if (!invoke && metadata.has(INVOCATION_TYPE)) {
      problems.add(
          metadata.problem(
              INVOCATION_TYPE,
              "applies to mode invoke only",
              "remove it, or use mode invoke to have Lambda queue binding events"));
    }

    // Where requests go.
    HttpUrl baseUrl = null;
    String urlRegion = null;
    boolean signed = true;
    if (invoke) {
      for (String urlOnly : List.of(FUNCTION_URL, AUTH_TYPE)) {
        if (metadata.has(urlOnly)) {
          problems.add(
              metadata.problem(urlOnly, "applies to mode url only", "remove it, or set mode: url"));
        }
      }
    } else {
      Optional<URI> url = metadata.uri(FUNCTION_URL);
      if (url.isEmpty()) {
        problems.add(
            metadata.problem(
                FUNCTION_URL,
                "is required in mode url but not set",
                "set it to the Function URL, such as https://abc123.lambda-url.eu-west-1.on.aws"));
      } else {
        baseUrl = httpUrl(metadata, FUNCTION_URL, url.get(), problems);
        if (baseUrl != null) {
          Matcher m = FUNCTION_URL_HOST.matcher(baseUrl.host());
          urlRegion = m.matches() ? m.group(1) : null;
        }
      }
      signed =
          metadata.oneOf(AUTH_TYPE, List.of(AUTH_NONE, AUTH_IAM)).orElse(AUTH_IAM).equals(AUTH_IAM);
      if (metadata.has(ENDPOINT)) {
        problems.add(
            metadata.problem(
                ENDPOINT,
                "applies to mode invoke only",
                "remove it: in mode url, functionUrl says where to go"));
      }
    }

    // The region: configured, else from the ARN or Function URL, else the AWS default chain.
    String region = metadata.string(REGION).orElse(null);
    String derived = function != null && function.region() != null ? function.region() : urlRegion;
    if (region != null) {
      if (!REGION_NAME.matcher(region).matches()) {
        problems.add(
            metadata.problem(
                REGION,
                "'" + region + "' is not an AWS region name",
                "write a region such as eu-west-1"));
      } else if (derived != null && !derived.equals(region)) {
        problems.add(
            metadata.problem(
                REGION,
                "'"
                    + region
                    + "' differs from the region '"
                    + derived
                    + "' of "
                    + (urlRegion != null ? "functionUrl" : "the function ARN"),
                "remove region, or make them agree"));
      }
    } else if (derived != null) {
      region = derived;
    } else if (signed) {
      region = defaultRegion.get().orElse(null);
      if (region == null) {
        problems.add(
            metadata.problem(
                REGION,
                "is not set, and neither "
                    + (invoke
                        ? "the function name (not an ARN)"
                        : "functionUrl (not a *.lambda-url.<region>.on.aws URL)")
                    + " nor the AWS default region chain (AWS_REGION, aws.region, the profile) names one",
                "set region, such as eu-west-1"));
      }
    }

    if (invoke) {
      Optional<URI> endpoint = metadata.uri(ENDPOINT);
      if (endpoint.isPresent()) {
        baseUrl = httpUrl(metadata, ENDPOINT, endpoint.get(), problems);
      } else if (region != null && REGION_NAME.matcher(region).matches()) {
        baseUrl = HttpUrl.parse("https://lambda." + region + "." + dnsSuffix(region));
      }
    }

    // Credentials: all from metadata, or all from the default chain.
    Keys keys = null;
    Optional<SecretValue> accessKey = metadata.secret(ACCESS_KEY);
    Optional<SecretValue> secretKey = metadata.secret(SECRET_KEY);
    Optional<SecretValue> sessionToken = metadata.secret(SESSION_TOKEN);
    // They travel in headers (the session token as X-Amz-Security-Token, which OkHttp quotes in its
    // error when a value has a line break): refuse such a value here, without showing it.
    for (String field : List.of(ACCESS_KEY, SECRET_KEY, SESSION_TOKEN)) {
      HeaderSecrets.read(
          metadata, field, "paste it exactly as AWS shows it, on one line", problems);
    }
    if (accessKey.isPresent() != secretKey.isPresent()) {
      String missing = accessKey.isPresent() ? SECRET_KEY : ACCESS_KEY;
      problems.add(
          metadata.problem(
              missing,
              "is not set, but " + (accessKey.isPresent() ? ACCESS_KEY : SECRET_KEY) + " is",
              "set both accessKey and secretKey (with secretKeyRef), or neither to use the AWS default credentials chain"));
    } else if (accessKey.isPresent()) {
      keys =
          new Keys(
              accessKey.get().reveal(),
              secretKey.get().reveal(),
              sessionToken.map(SecretValue::reveal).orElse(null));
    } else if (sessionToken.isPresent()) {
      problems.add(
          metadata.problem(
              SESSION_TOKEN,
              "is set without accessKey and secretKey",
              "set the temporary credentials' accessKey and secretKey too, or remove sessionToken"));
    }
    if (!signed && (accessKey.isPresent() || secretKey.isPresent())) {
      log.warn(
          "component '{}': accessKey/secretKey are not used: the Function URL's authType is NONE",
          metadata.name());
    }

    if (!problems.isEmpty() || baseUrl == null) {
      if (problems.isEmpty()) {
        problems.add(
            metadata.componentProblem(
                "the Lambda endpoint cannot be determined", "set endpoint or region"));
      }
      throw new ComputeConfigurationException(problems);
    }
    // A qualifier given in functionName already travels in the path.
    String queryQualifier = function != null && function.qualifier() != null ? null : qualifier;
    return new LambdaSettings(
        invoke,
        function,
        queryQualifier,
        region,
        baseUrl,
        signed,
        keys,
        invoke && invocationType.equals(INVOCATION_EVENT));
  }

  private static @Nullable HttpUrl httpUrl(
      ComponentMetadata metadata, String field, URI uri, List<ConfigurationProblem> problems) {
    return BaseUrls.read(metadata, field, uri, problems);
  }

  /** {@code amazonaws.com}, or the partition's suffix ({@code amazonaws.com.cn} in China). */
  private static String dnsSuffix(String region) {
    try {
      String suffix = PartitionMetadata.of(Region.of(region)).dnsSuffix();
      return suffix == null || suffix.isEmpty() ? "amazonaws.com" : suffix;
    } catch (RuntimeException unknownRegion) {
      return region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
    }
  }

  @Override
  public String toString() {
    return "LambdaSettings["
        + (invokeMode ? MODE_INVOKE : MODE_URL)
        + ", "
        + displayName()
        + ", region "
        + region
        + ", "
        + baseUrl
        + ", credentials "
        + (keys != null ? "from metadata" : "from the default chain")
        + "]";
  }
}
