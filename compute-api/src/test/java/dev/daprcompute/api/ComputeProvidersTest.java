package dev.daprcompute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.daprcompute.api.http.HttpPlatformProvider;
import dev.daprcompute.api.spi.FunctionRequest;
import dev.daprcompute.api.spi.PlatformProvider;
import dev.daprcompute.api.spi.PlatformTransport;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComputeProvidersTest {

  /** An in-memory provider; never asked to create a component here. */
  static class FakeProvider implements ComputeProvider {
    private final String type;
    private final String version;

    FakeProvider(String type, String version) {
      this.type = type;
      this.version = version;
    }

    @Override
    public String type() {
      return type;
    }

    @Override
    public String version() {
      return version;
    }

    @Override
    public List<MetadataField> metadataFields() {
      return List.of();
    }

    @Override
    public Compute create(ComputeContext context) {
      throw new UnsupportedOperationException("not in these tests");
    }
  }

  /** A second class claiming the same type, as a second jar would. */
  static final class OtherFakeProvider extends FakeProvider {
    OtherFakeProvider(String type, String version) {
      super(type, version);
    }
  }

  private static final FakeProvider HTTP_V1 = new FakeProvider("compute.http", "v1");
  private static final FakeProvider HTTP_V2 = new FakeProvider("compute.http", "v2");
  private static final FakeProvider OPENFAAS_V1 = new FakeProvider("compute.openfaas", "v1");

  private static ConfigurationProblem problemOf(
      ComputeProviders providers, String type, String version) {
    ComputeConfigurationException e =
        catchThrowableOfType(
            ComputeConfigurationException.class, () -> providers.select(type, version));
    assertThat(e).as("select(%s, %s) fails", type, version).isNotNull();
    assertThat(e.problems()).hasSize(1);
    assertThat(e.isRetryable()).isFalse();
    return e.problems().get(0);
  }

  @Test
  void selects_the_one_provider_of_a_type_and_version() {
    ComputeProviders providers = ComputeProviders.of(List.of(OPENFAAS_V1, HTTP_V2, HTTP_V1));

    assertThat(providers.select("compute.http", "v1")).isSameAs(HTTP_V1);
    assertThat(providers.select("compute.http", "v2")).isSameAs(HTTP_V2);
    assertThat(providers.select("compute.openfaas", "v1")).isSameAs(OPENFAAS_V1);
  }

  @Test
  void lists_providers_by_type_and_version() {
    ComputeProviders providers = ComputeProviders.of(List.of(OPENFAAS_V1, HTTP_V2, HTTP_V1));

    assertThat(providers.all()).containsExactly(HTTP_V1, HTTP_V2, OPENFAAS_V1);
    assertThat(providers.types()).containsExactly("compute.http", "compute.openfaas");
  }

  @Test
  void no_provider_for_a_known_type_lists_the_types_present_and_the_artifact_to_add() {
    ComputeProviders providers = ComputeProviders.of(List.of(HTTP_V1));

    ConfigurationProblem problem = problemOf(providers, "compute.aws.lambda", "v1");

    assertThat(problem.field()).isEqualTo("spec.type");
    assertThat(problem.message())
        .contains("no compute provider for type 'compute.aws.lambda'")
        .contains("compute.http/v1 (" + FakeProvider.class.getName());
    assertThat(problem.fix())
        .isEqualTo("add the dependency dev.daprcompute:compute-aws-lambda to the classpath");
  }

  @Test
  void no_provider_at_all_says_none_are_present() {
    ConfigurationProblem problem =
        problemOf(ComputeProviders.of(List.of()), "compute.openfaas", "v1");

    assertThat(problem.message()).contains("providers present: none");
    assertThat(problem.fix()).contains("dev.daprcompute:compute-openfaas");
  }

  @Test
  void an_unknown_type_suggests_the_known_types() {
    ConfigurationProblem problem =
        problemOf(ComputeProviders.of(List.of(HTTP_V1)), "compute.aws.lamda", "v1");

    assertThat(problem.message()).contains("'compute.aws.lamda'");
    assertThat(problem.fix())
        .startsWith("did you mean 'compute.aws.lambda'?")
        .contains(
            "compute.aws.lambda",
            "compute.azure.functions",
            "compute.cloudflare.workers",
            "compute.http",
            "compute.openfaas");
  }

  @Test
  void a_wrong_version_lists_the_versions_there_are() {
    ComputeProviders providers = ComputeProviders.of(List.of(HTTP_V1, HTTP_V2, OPENFAAS_V1));

    ConfigurationProblem problem = problemOf(providers, "compute.http", "v3");

    assertThat(problem.field()).isEqualTo("spec.version");
    assertThat(problem.message()).contains("'compute.http'", "'v3'", "available: v1, v2");
    assertThat(problem.fix()).contains("v1, v2");
  }

  @Test
  void two_providers_for_one_type_and_version_is_an_error_naming_both_classes() {
    ComputeProviders providers =
        ComputeProviders.of(
            List.of(
                new FakeProvider("compute.openfaas", "v1"),
                new OtherFakeProvider("compute.openfaas", "v1")));

    ConfigurationProblem problem = problemOf(providers, "compute.openfaas", "v1");

    assertThat(problem.message())
        .contains("two or more providers claim type 'compute.openfaas' version 'v1'")
        .contains(FakeProvider.class.getName() + " from ")
        .contains(OtherFakeProvider.class.getName() + " from ");
    assertThat(problem.fix()).contains("keep exactly one");
  }

  @Test
  void a_provider_that_fails_to_load_is_reported_and_does_not_hide_the_others(@TempDir Path dir)
      throws IOException {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(
        services.resolve(PlatformProvider.class.getName()), "com.example.MissingLambdaProvider\n");
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      ComputeProviders providers = ComputeProviders.load(loader);

      assertThat(providers.select("compute.http", "v1").type())
          .isEqualTo(HttpPlatformProvider.TYPE);
      assertThat(problemOf(providers, "compute.aws.lambda", "v1").message())
          .contains("providers that failed to load")
          .contains("com.example.MissingLambdaProvider");
    }
  }

  @Test
  void the_classpath_registration_finds_compute_http() {
    ComputeProviders providers = ComputeProviders.load();

    assertThat(providers.types()).contains("compute.http");
    assertThat(providers.select("compute.http", "v1").type()).isEqualTo(HttpPlatformProvider.TYPE);
    assertThat(providers.select("compute.http", "v1").metadataFields())
        .extracting(MetadataField::name)
        .contains("endpoint", "key", "timeout");
  }

  /** A platform with one field of its own, or a field named like a common one. */
  public static final class TestPlatform implements PlatformProvider {
    private final List<MetadataField> fields;

    public TestPlatform() {
      this(
          List.of(
              MetadataField.required("functionName", MetadataField.Kind.STRING, "the function")));
    }

    TestPlatform(List<MetadataField> fields) {
      this.fields = fields;
    }

    @Override
    public String type() {
      return "compute.test";
    }

    @Override
    public List<MetadataField> fields() {
      return fields;
    }

    @Override
    public PlatformTransport transport(ComponentMetadata metadata, ComputeContext context) {
      String name = metadata.requireString("functionName");
      return new PlatformTransport() {
        @Override
        public String platformName() {
          return "the test platform";
        }

        @Override
        public String functionName() {
          return name;
        }

        @Override
        public OkHttpClient httpClient() {
          return context.httpClient();
        }

        @Override
        public Request toHttpRequest(FunctionRequest request) {
          throw new UnsupportedOperationException("not in these tests");
        }
      };
    }
  }

  @Test
  @DisplayName("a platform's provider has the common fields and the platform's own")
  void platformProviderAddsTheCommonFields() {
    ComputeProvider provider = ComputeProviders.provider(new TestPlatform());

    assertThat(provider.type()).isEqualTo("compute.test");
    assertThat(provider.version()).isEqualTo("v1");
    assertThat(provider.metadataFields())
        .extracting(MetadataField::name)
        .containsExactly(
            "key",
            "audience",
            "tokenHeader",
            "tokenLifetime",
            "minVersion",
            "timeout",
            "maxBodySize",
            "maxConcurrency",
            "functionName");
  }

  @Test
  @DisplayName(
      "a platform that declares a common field is refused, and when loaded, reported without hiding the others")
  void aPlatformDeclaringACommonFieldIsRefused(@TempDir Path dir) throws IOException {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                ComputeProviders.provider(
                    new TestPlatform(
                        List.of(
                            MetadataField.optional(
                                "Timeout", MetadataField.Kind.DURATION, "mine")))))
        .withMessageContaining("'Timeout'")
        .withMessageContaining(TestPlatform.class.getName());

    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(
        services.resolve(PlatformProvider.class.getName()), BadPlatform.class.getName() + "\n");
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      ComputeProviders providers = ComputeProviders.load(loader);

      assertThat(providers.types()).contains("compute.http").doesNotContain("compute.test");
      assertThat(problemOf(providers, "compute.test", "v1").message())
          .contains("providers that failed to load")
          .contains("'key'");
    }
  }

  /** Declares the common field key, which every component type has already. */
  public static final class BadPlatform implements PlatformProvider {
    @Override
    public String type() {
      return "compute.test";
    }

    @Override
    public List<MetadataField> fields() {
      return List.of(MetadataField.optional("key", MetadataField.Kind.STRING, "mine"));
    }

    @Override
    public PlatformTransport transport(ComponentMetadata metadata, ComputeContext context) {
      throw new UnsupportedOperationException("never loaded");
    }
  }

  @Test
  @DisplayName(
      "the audience is the audience metadata, else the function's name as the platform's transport gives it")
  void audience() {
    ComputeProvider provider = ComputeProviders.provider(new TestPlatform());
    ComponentMetadata.Builder metadata =
        ComponentMetadata.builder("orders", "compute.test")
            .put("functionName", "orders-fn")
            .putSecret("key", "not read here");

    assertThat(provider.audience(metadata.build())).isEqualTo("orders-fn");
    assertThat(provider.audience(metadata.put("audience", "orders").build())).isEqualTo("orders");
    assertThat(
            catchThrowableOfType(
                    ComputeConfigurationException.class,
                    () ->
                        provider.audience(
                            ComponentMetadata.builder("orders", "compute.test").build()))
                .getMessage())
        .contains("functionName");
  }

  @Test
  @DisplayName(
      "compute.http's audience is its endpoint, as init takes it: normalised, without a trailing slash")
  void httpAudience() {
    ComputeProvider http = ComputeProviders.load().select("compute.http", "v1");

    assertThat(
            http.audience(
                ComponentMetadata.builder("fn", "compute.http")
                    .put("endpoint", "https://FN.example.com/dapr/")
                    .putSecret("key", "not read here")
                    .build()))
        .isEqualTo("https://fn.example.com/dapr");
  }
}
