package dev.daprcompute.aws.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.Compute;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeInitException;
import dev.daprcompute.api.ComputeProviders;
import dev.daprcompute.protocol.HttpVerb;
import dev.daprcompute.protocol.InvokeRequest;
import dev.daprcompute.testkit.AwsLambdaFake;
import dev.daprcompute.testkit.RecordedCall;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials and region from the AWS SDK's default chains, driven through the system properties
 * the SDK reads ({@code aws.accessKeyId}, {@code aws.region}, {@code aws.configFile}...), set for
 * each test and restored after it. Profile files point into an empty temporary directory and
 * instance metadata is disabled, so nothing reads this machine's AWS configuration.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CredentialsChainTest {
  private static final List<String> PROPERTIES =
      List.of(
          "aws.accessKeyId",
          "aws.secretAccessKey",
          "aws.sessionToken",
          "aws.region",
          "aws.configFile",
          "aws.sharedCredentialsFile",
          "aws.disableEc2Metadata",
          "aws.profile");

  /**
   * Environment variables that would give credentials or a region before (or instead of) our
   * settings.
   */
  private static final List<String> ENVIRONMENT =
      List.of(
          "AWS_ACCESS_KEY_ID",
          "AWS_SECRET_ACCESS_KEY",
          "AWS_SESSION_TOKEN",
          "AWS_WEB_IDENTITY_TOKEN_FILE",
          "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
          "AWS_CONTAINER_CREDENTIALS_FULL_URI",
          "AWS_REGION",
          "AWS_DEFAULT_REGION");

  private AwsLambdaFake fake;
  private final Map<String, String> saved = new HashMap<>();
  private final List<Compute> opened = new ArrayList<>();

  @TempDir Path home;

  @BeforeAll
  void start() {
    fake = AwsLambdaFake.start("orders-fn");
  }

  @AfterAll
  void stop() {
    fake.close();
  }

  @BeforeEach
  void isolate() {
    fake.reset();
    for (String name : PROPERTIES) {
      saved.put(name, System.getProperty(name));
      System.clearProperty(name);
    }
    System.setProperty("aws.configFile", home.resolve("config").toString());
    System.setProperty("aws.sharedCredentialsFile", home.resolve("credentials").toString());
    System.setProperty("aws.disableEc2Metadata", "true");
  }

  @AfterEach
  void restore() {
    opened.forEach(Compute::close);
    opened.clear();
    saved.forEach(
        (name, value) -> {
          if (value == null) {
            System.clearProperty(name);
          } else {
            System.setProperty(name, value);
          }
        });
  }

  /** A component with no keys in metadata: the default chain signs. */
  /** The future's value, waiting at most 20 s. */
  private static <T> T await(CompletableFuture<T> future) {
    return future.orTimeout(20, TimeUnit.SECONDS).join();
  }

  private Compute open(Consumer<ComponentMetadata.Builder> customize) {
    ComponentMetadata.Builder metadata =
        fake.component("orders")
            .put("accessKey", "")
            .put("secretKey", "")
            .initTimeout(Duration.ofSeconds(3));
    customize.accept(metadata);
    Compute compute =
        ComputeProviders.provider(new AwsLambdaPlatformProvider())
            .create(ComputeContext.defaults());
    opened.add(compute);
    compute.init(metadata.build());
    return compute;
  }

  private String lastAccessKey() {
    List<RecordedCall> calls = fake.recordedCalls();
    String authorization = calls.get(calls.size() - 1).headers().first("authorization").orElse("");
    return authorization.replaceFirst("^AWS4-HMAC-SHA256 Credential=([^/]+)/.*$", "$1");
  }

  private static void assumeCleanEnvironment() {
    for (String name : ENVIRONMENT) {
      assumeTrue(
          System.getenv(name) == null,
          name + " is set in this environment, so the default chain would use it");
    }
  }

  @Test
  @DisplayName(
      "without keys in metadata the default chain signs, and a change of credentials is used on the next request")
  void chainCredentialsAndRotation() {
    System.setProperty("aws.accessKeyId", fake.accessKeyId());
    System.setProperty("aws.secretAccessKey", fake.secretAccessKey());
    Compute compute = open(m -> {});
    assertThat(lastAccessKey()).isEqualTo(fake.accessKeyId());

    fake.addCredentials("ASIAROTATED000000001", "rotated-secret", "rotated-session-token");
    System.setProperty("aws.accessKeyId", "ASIAROTATED000000001");
    System.setProperty("aws.secretAccessKey", "rotated-secret");
    System.setProperty("aws.sessionToken", "rotated-session-token");
    assertThat(await(compute.onInvoke(InvokeRequest.of("status/200", HttpVerb.GET))).status())
        .isEqualTo(200);
    assertThat(lastAccessKey()).isEqualTo("ASIAROTATED000000001");
    assertThat(
            fake.recordedCalls()
                .get(fake.recordedCalls().size() - 1)
                .headers()
                .first("x-amz-security-token"))
        .contains("rotated-session-token");
  }

  @Test
  @DisplayName("keys in metadata win over the default chain")
  void metadataWins() {
    System.setProperty("aws.accessKeyId", "AKIANOTTHEONE0000000");
    System.setProperty("aws.secretAccessKey", "not-the-secret");
    open(
        m ->
            m.putSecret("accessKey", fake.accessKeyId())
                .putSecret("secretKey", fake.secretAccessKey()));
    assertThat(lastAccessKey()).isEqualTo(fake.accessKeyId());
  }

  @Test
  @DisplayName(
      "the region comes from the default region chain (aws.region) when metadata names none")
  void regionFromTheChain() {
    assumeCleanEnvironment();
    System.setProperty("aws.region", AwsLambdaFake.REGION);
    open(
        m ->
            m.putSecret("accessKey", fake.accessKeyId())
                .putSecret("secretKey", fake.secretAccessKey())
                .put("region", ""));
    assertThat(fake.recordedCalls().get(0).headers().first("authorization").orElse(""))
        .contains("/" + AwsLambdaFake.REGION + "/lambda/aws4_request");
  }

  @Test
  @DisplayName(
      "with no credentials anywhere, init fails at once naming 'credentials' and where it looked")
  void noCredentials() {
    assumeCleanEnvironment();
    Throwable thrown = catchThrowable(() -> open(m -> {}));
    assertThat(thrown).isInstanceOf(ComputeInitException.class);
    ComputeInitException e = (ComputeInitException) thrown;
    assertThat(e.failedCheck()).isEqualTo("credentials");
    assertThat(e.isRetryable()).as("refused at once, not given up on at initTimeout").isFalse();
    assertThat(e.getMessage()).contains("the AWS default credentials chain").contains("IRSA");
    assertThat(fake.recordedCalls()).as("nothing unsigned is sent").isEmpty();
  }
}
