package dev.daprcompute.aws.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ComputeConfigurationException;
import dev.daprcompute.api.ConfigurationProblem;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Reading and checking compute.aws.lambda metadata. */
class LambdaSettingsTest {
  private static final Supplier<Optional<String>> NO_DEFAULT_REGION = Optional::empty;
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

  private static LambdaSettings read(Consumer<ComponentMetadata.Builder> customize) {
    ComponentMetadata.Builder metadata =
        ComponentMetadata.builder("orders", AwsLambdaPlatformProvider.TYPE);
    customize.accept(metadata);
    return LambdaSettings.read(metadata.build(), NO_DEFAULT_REGION);
  }

  private static ComputeConfigurationException failure(
      Consumer<ComponentMetadata.Builder> customize) {
    ComputeConfigurationException e =
        catchThrowableOfType(ComputeConfigurationException.class, () -> read(customize));
    assertThat(e).as("the metadata must be refused").isNotNull();
    return e;
  }

  @Test
  @DisplayName("a function name and a region make the Invoke API endpoint of that region")
  void defaultEndpoint() {
    LambdaSettings settings =
        read(m -> m.put("functionName", "orders-fn").put("region", "eu-west-1"));
    assertThat(settings.invokeMode()).isTrue();
    assertThat(settings.baseUrl().toString()).isEqualTo("https://lambda.eu-west-1.amazonaws.com/");
    assertThat(settings.displayName()).isEqualTo("orders-fn");
    assertThat(settings.keys()).as("no keys: the default chain").isNull();
    assertThat(read(m -> m.put("functionName", "f").put("region", "cn-north-1")).baseUrl().host())
        .isEqualTo("lambda.cn-north-1.amazonaws.com.cn");
  }

  @Test
  @DisplayName(
      "an ARN gives the region and the bare name (the default audience); a conflicting region is refused")
  void arnGivesTheRegion() {
    LambdaSettings settings =
        read(
            m ->
                m.put(
                    "functionName",
                    "arn:aws:lambda:ap-south-1:123456789012:function:orders-fn:prod"));
    assertThat(settings.region()).isEqualTo("ap-south-1");
    assertThat(settings.displayName()).isEqualTo("orders-fn");
    assertThat(settings.qualifier()).as("the qualifier travels in the path").isNull();
    assertThat(
            failure(
                    m ->
                        m.put("functionName", "arn:aws:lambda:ap-south-1:123456789012:function:f")
                            .put("region", "us-east-1"))
                .problems())
        .singleElement()
        .satisfies(p -> assertThat(p.field()).contains("region"));
  }

  @Test
  @DisplayName("the region comes from the AWS default region chain when nothing else names it")
  void regionFromTheDefaultChain() {
    ComponentMetadata metadata =
        ComponentMetadata.builder("orders", AwsLambdaPlatformProvider.TYPE)
            .put("functionName", "orders-fn")
            .build();
    assertThat(LambdaSettings.read(metadata, () -> Optional.of("sa-east-1")).region())
        .isEqualTo("sa-east-1");
    assertThat(failure(m -> m.put("functionName", "orders-fn")).getMessage())
        .contains("region")
        .contains("AWS_REGION");
  }

  @Test
  @DisplayName("a Function URL names its region; auth defaults to AWS_IAM")
  void functionUrlGivesTheRegion() {
    LambdaSettings settings =
        read(
            m ->
                m.put("mode", "url")
                    .put(
                        "functionUrl",
                        "https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-central-1.on.aws/"));
    assertThat(settings.invokeMode()).isFalse();
    assertThat(settings.region()).isEqualTo("eu-central-1");
    assertThat(settings.signed()).isTrue();
    assertThat(settings.displayName())
        .isEqualTo("https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-central-1.on.aws");
    LambdaSettings open =
        read(
            m ->
                m.put("mode", "url")
                    .put("authType", "NONE")
                    .put("functionUrl", "https://fn.example.com")
                    .put("functionName", "orders-fn"));
    assertThat(open.signed()).isFalse();
    assertThat(open.region()).as("nothing to sign: no region needed").isNull();
    assertThat(open.displayName()).isEqualTo("orders-fn");
  }

  @Test
  @DisplayName("every problem is reported at once, each naming its field")
  void allProblemsAtOnce() {
    ComputeConfigurationException e =
        failure(
            m ->
                m.put("qualifier", "not valid!")
                    .put("functionUrl", "https://fn.example.com")
                    .put("region", "Not A Region")
                    .putSecret("accessKey", "AKIDEXAMPLE")
                    .putSecret("sessionToken", "token-value"));
    assertThat(e.problems())
        .extracting(ConfigurationProblem::field)
        .map(String::valueOf)
        .anySatisfy(f -> assertThat(f).contains("functionName"))
        .anySatisfy(f -> assertThat(f).contains("qualifier"))
        .anySatisfy(f -> assertThat(f).contains("functionUrl"))
        .anySatisfy(f -> assertThat(f).contains("region"))
        .anySatisfy(f -> assertThat(f).contains("secretKey"));
    assertThat(e.getMessage()).doesNotContain("AKIDEXAMPLE").doesNotContain("token-value");
  }

  @Test
  @DisplayName("mode url refuses the fields of mode invoke, and needs functionUrl")
  void urlModeFields() {
    ComputeConfigurationException e =
        failure(
            m ->
                m.put("mode", "url")
                    .put("qualifier", "prod")
                    .put("invocationType", "Event")
                    .put("endpoint", "http://127.0.0.1:1"));
    assertThat(e.problems())
        .extracting(p -> String.valueOf(p.field()))
        .anySatisfy(f -> assertThat(f).contains("functionUrl"))
        .anySatisfy(f -> assertThat(f).contains("qualifier"))
        .anySatisfy(f -> assertThat(f).contains("invocationType"))
        .anySatisfy(f -> assertThat(f).contains("endpoint"));
  }

  @Test
  @DisplayName(
      "function names: name, name:alias, partial and full ARNs; anything else is refused with the forms")
  void functionNames() {
    assertThat(FunctionName.parse("orders-fn"))
        .hasValueSatisfying(f -> assertThat(f.qualifier()).isNull());
    assertThat(FunctionName.parse("orders-fn:$LATEST"))
        .hasValueSatisfying(f -> assertThat(f.qualifier()).isEqualTo("$LATEST"));
    assertThat(FunctionName.parse("123456789012:function:orders-fn:7"))
        .hasValueSatisfying(f -> assertThat(f.name()).isEqualTo("orders-fn"));
    assertThat(FunctionName.parse("arn:aws-cn:lambda:cn-north-1:123456789012:function:orders-fn"))
        .hasValueSatisfying(f -> assertThat(f.region()).isEqualTo("cn-north-1"));
    assertThat(FunctionName.parse("orders fn")).isEmpty();
    assertThat(FunctionName.parse("a/b")).isEmpty();
    assertThat(failure(m -> m.put("functionName", "a/b").put("region", "us-east-1")).getMessage())
        .contains("name:alias");
  }

  @Test
  @DisplayName("a qualifier given twice must agree; the same one twice travels once")
  void qualifierOnce() {
    assertThat(
            failure(
                    m ->
                        m.put("functionName", "f:prod")
                            .put("qualifier", "dev")
                            .put("region", "us-east-1"))
                .getMessage())
        .contains("qualifier");
    assertThat(
            read(m ->
                    m.put("functionName", "f:prod")
                        .put("qualifier", "prod")
                        .put("region", "us-east-1"))
                .qualifier())
        .isNull();
    assertThat(
            read(m ->
                    m.put("functionName", "f").put("qualifier", "prod").put("region", "us-east-1"))
                .qualifier())
        .isEqualTo("prod");
  }

  @Test
  @DisplayName("keys from metadata go together; their values never appear in messages or toString")
  void keysFromMetadata() {
    LambdaSettings settings =
        read(
            m ->
                m.put("functionName", "f")
                    .put("region", "us-east-1")
                    .putSecret("accessKey", "AKIDEXAMPLE")
                    .putSecret("secretKey", SECRET)
                    .putSecret("sessionToken", "session-token-value"));
    assertThat(settings.keys()).isNotNull();
    assertThat(settings.keys().sessionToken()).isEqualTo("session-token-value");
    assertThat(settings.toString()).doesNotContain(SECRET).doesNotContain("session-token-value");
    ComputeConfigurationException e =
        failure(
            m ->
                m.put("functionName", "f")
                    .put("region", "us-east-1")
                    .putSecret("secretKey", SECRET));
    assertThat(e.getMessage()).contains("accessKey").doesNotContain(SECRET);
  }

  @Test
  @DisplayName(
      "a key or session token that a header cannot carry (a line break) is refused without showing it")
  void keysThatCannotBeHeaders() {
    String wrapped = "IQoJb3JpZ2luX2VjEJ7//////////wEaCXVzLWVhc3QtMSJGMEQCIF\nsecond-line";
    ComputeConfigurationException e =
        failure(
            m ->
                m.put("functionName", "f")
                    .put("region", "us-east-1")
                    .putSecret("accessKey", "AKIDEXAMPLE")
                    .putSecret("secretKey", SECRET)
                    .putSecret("sessionToken", wrapped));
    assertThat(e.getMessage())
        .contains("sessionToken", "line breaks")
        .doesNotContain("IQoJb3JpZ2luX2VjEJ7")
        .doesNotContain("second-line");
  }

  @Test
  @DisplayName(
      "plain http:// goes only to loopback unless allowInsecureHttp is true, as for every provider")
  void plainHttpPolicy() {
    ConfigurationProblem problem =
        failure(
                m ->
                    m.put("functionName", "f")
                        .put("region", "eu-west-1")
                        .put("endpoint", "http://lambda.internal.example:9001"))
            .problems()
            .get(0);
    assertThat(problem.field()).contains("endpoint");
    assertThat(problem.toString()).contains("allowInsecureHttp");
    assertThat(
            read(m ->
                    m.put("functionName", "f")
                        .put("region", "eu-west-1")
                        .put("endpoint", "http://lambda.internal.example:9001")
                        .put("allowInsecureHttp", "true"))
                .baseUrl()
                .host())
        .isEqualTo("lambda.internal.example");
    assertThat(
            read(m ->
                    m.put("functionName", "f")
                        .put("region", "eu-west-1")
                        .put("endpoint", "http://127.0.0.1:9001"))
                .baseUrl()
                .port())
        .isEqualTo(9001);
    assertThat(
            failure(
                    m ->
                        m.put("mode", "url")
                            .put("authType", "NONE")
                            .put(
                                "functionUrl",
                                "https://u:pw@abc.lambda-url.eu-west-1.on.aws/?x=SECRET"))
                .getMessage())
        .doesNotContain("SECRET")
        .doesNotContain("pw@");
  }
}
