package dev.daprcompute.api.resources;

import static dev.daprcompute.api.resources.Fakes.SECRET;
import static dev.daprcompute.api.resources.Fakes.problem;
import static dev.daprcompute.api.resources.Fakes.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.daprcompute.api.ComponentMetadata;
import dev.daprcompute.api.ComputeConfigurationException;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeInitException;
import dev.daprcompute.api.ComputeProviders;
import dev.daprcompute.api.ConfigurationProblem;
import dev.daprcompute.api.InitCheck;
import dev.daprcompute.api.MetadataField;
import dev.daprcompute.api.MetadataField.Kind;
import dev.daprcompute.api.resources.Fakes.FakeCompute;
import dev.daprcompute.api.resources.Fakes.FakeProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComputeLoaderTest {
  @TempDir Path dir;
  Path resources;
  Path secrets;
  final Map<String, String> env = new HashMap<>();
  FakeProvider http = FakeProvider.succeeding("compute.http");
  FakeProvider lambda = FakeProvider.succeeding("compute.aws.lambda");

  @BeforeEach
  void files() {
    resources = dir.resolve("resources");
    secrets = dir.resolve("secrets");
    write(secrets, "fn-key/pem", SECRET + "\n");
    env.put("FN_REGION", "eu-west-1");
  }

  /** A compute component with a valid endpoint; {@code spec} and {@code top} are appended YAML. */
  private void component(String file, String name, String type, String spec, String top) {
    write(
        resources,
        file,
        """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: %s
        spec:
          type: %s
          version: v1
          metadata:
          - name: endpoint
            value: https://fn.example.com
        %s%s"""
            .formatted(name, type, spec, top));
  }

  private void component(String name, String type) {
    component(name + ".yaml", name, type, "", "");
  }

  private Path configuration(String compute) {
    return write(
        dir,
        "config.yaml",
        """
        apiVersion: dapr.io/v1alpha1
        kind: Configuration
        metadata:
          name: appconfig
        spec:
          tracing:
            samplingRate: "1"
        %s"""
            .formatted(compute));
  }

  private ComputeLoader.Builder loader() {
    return ComputeLoader.builder()
        .resourcesPath(resources)
        .providers(ComputeProviders.of(List.of(http, lambda)))
        .secretResolver(SecretResolver.files(secrets))
        .environment(env::get);
  }

  private static ComputeConfigurationException failure(Runnable call) {
    return catchThrowableOfType(ComputeConfigurationException.class, call::run);
  }

  @Nested
  class Select {
    @Test
    void the_only_compute_component_by_default() {
      component("fn", "compute.http");
      component("statestore", "state.redis");
      assertThat(loader().build().select().name()).isEqualTo("fn");
    }

    @Test
    void two_compute_components_are_ambiguous_and_the_error_says_how_to_choose() {
      component("a", "compute.http");
      component("b", "compute.aws.lambda");
      ConfigurationProblem p = failure(() -> loader().build().select()).problems().get(0);
      assertThat(p.file()).isEqualTo(resources.toString());
      assertThat(p.message())
          .contains("ambiguous")
          .contains("a (compute.http, " + resources.resolve("a.yaml") + ":1)")
          .contains("b (compute.aws.lambda, ");
      assertThat(p.fix()).contains("spec.compute.name", "--component");
    }

    @Test
    void no_compute_component_lists_what_is_there() {
      component("statestore", "state.redis");
      ConfigurationProblem p = problem(failure(() -> loader().build().select()), "spec.type");
      assertThat(p.message())
          .contains("no component has a compute type")
          .contains("statestore (state.redis");
      assertThat(p.fix()).contains("compute.http");
    }

    @Test
    void no_component_at_all_names_the_files_skipped_and_why() {
      Fakes.write(
          resources,
          "subscription.yaml",
          "apiVersion: dapr.io/v2alpha1\nkind: Subscription\nmetadata:\n  name: s\n");
      Fakes.write(resources, "notes.yml", "# to do\n");
      ConfigurationProblem p = problem(failure(() -> loader().build().select()), "spec.type");
      assertThat(p.message())
          .contains(
              "there are no components; skipped: "
                  + resources.resolve("notes.yml")
                  + " (no YAML document), "
                  + resources.resolve("subscription.yaml")
                  + ":1 (kind Subscription, not a Component)");
    }

    @Test
    void the_configuration_names_the_component() {
      component("a", "compute.http");
      component("b", "compute.aws.lambda");
      Path config = configuration("  compute:\n    name: b\n    type: compute.aws.lambda\n");
      assertThat(loader().configuration(config).build().select().name()).isEqualTo("b");
    }

    @Test
    void the_component_name_overrides_the_configuration_and_its_type() {
      component("a", "compute.http");
      component("b", "compute.aws.lambda");
      Path config = configuration("  compute:\n    name: b\n    type: compute.aws.lambda\n");
      assertThat(loader().configuration(config).componentName("a").build().select().name())
          .isEqualTo("a");
    }

    @Test
    void a_type_that_does_not_match_the_component() {
      component("a", "compute.http");
      Path config = configuration("  compute:\n    name: a\n    type: compute.aws.lambda\n");
      ConfigurationProblem p =
          problem(
              failure(() -> loader().configuration(config).build().select()), "spec.compute.type");
      assertThat(p.file()).isEqualTo(config.toString());
      assertThat(p.component()).isEqualTo("a");
      assertThat(p.message())
          .contains("'compute.aws.lambda'", "'compute.http'", resources.resolve("a.yaml") + ":1");
    }

    @Test
    void a_name_that_matches_no_component_lists_the_names() {
      component("a", "compute.http");
      component("statestore", "state.redis");
      Path config = configuration("  compute:\n    name: orders\n");
      ConfigurationProblem fromConfig =
          problem(
              failure(() -> loader().configuration(config).build().select()), "spec.compute.name");
      assertThat(fromConfig.file()).isEqualTo(config.toString());
      assertThat(fromConfig.component()).isEqualTo("orders");
      assertThat(fromConfig.message())
          .contains("no component named 'orders'", "components: a, statestore");
      assertThat(fromConfig.fix()).contains("use one of a, statestore");

      ConfigurationProblem fromOverride =
          problem(
              failure(() -> loader().componentName("orders").build().select()), "component name");
      assertThat(fromOverride.message()).contains("no component named 'orders'");
    }

    @Test
    void an_app_outside_the_component_scopes() {
      component("a.yaml", "a", "compute.http", "", "scopes:\n- orders\n");
      ComputeLoader loader =
          loader()
              .componentName("a")
              .context(ComputeContext.defaults().withAppId("billing"))
              .build();
      ConfigurationProblem p = problem(failure(loader::select), "scopes");
      assertThat(p.file()).isEqualTo(resources.resolve("a.yaml").toString());
      assertThat(p.line()).isEqualTo(1);
      assertThat(p.component()).isEqualTo("a");
      assertThat(p.message()).contains("app 'billing'", "[orders]");
      assertThat(p.fix()).contains("add 'billing' to scopes");

      assertThat(
              loader()
                  .componentName("a")
                  .context(ComputeContext.defaults().withAppId("orders"))
                  .build()
                  .select()
                  .name())
          .isEqualTo("a");
    }

    @Test
    void components_scoped_to_other_apps_are_not_candidates() {
      component("a.yaml", "a", "compute.http", "", "scopes:\n- orders\n");
      component("b.yaml", "b", "compute.http", "", "scopes:\n- billing\n");
      assertThat(
              loader()
                  .context(ComputeContext.defaults().withAppId("billing"))
                  .build()
                  .select()
                  .name())
          .isEqualTo("b");
      ComputeConfigurationException e =
          failure(
              () ->
                  loader()
                      .context(ComputeContext.defaults().withAppId("shipping"))
                      .build()
                      .select());
      assertThat(e.problems())
          .extracting(ConfigurationProblem::component)
          .containsExactly("a", "b");
      assertThat(e.problems()).extracting(ConfigurationProblem::field).containsOnly("scopes");
    }

    @Test
    void problems_in_the_resources_and_the_configuration_at_once() {
      component("a.yaml", "a", "compute.http", "  initTimeout: banana\n", "");
      ComputeConfigurationException e =
          failure(() -> loader().configuration(dir.resolve("missing.yaml")).build().select());
      assertThat(e.problems()).hasSize(2);
      assertThat(problem(e, "spec.initTimeout").component()).isEqualTo("a");
      assertThat(e.getMessage()).contains("missing.yaml: the configuration file does not exist");
    }
  }

  @Nested
  class Resolve {
    @Test
    void values_secrets_and_environment_references() {
      component(
          "fn.yaml",
          "fn",
          "compute.http",
          """
            - name: timeout
              value: 1m
            - name: key
              secretKeyRef:
                name: fn-key
                key: pem
            - name: region
              envRef: FN_REGION
            initTimeout: 1m30s
            ignoreErrors: true
          """,
          "auth:\n  secretStore: mounted\n");
      ComputeLoader loader = loader().build();
      ComponentMetadata metadata = loader.resolve(loader.select());

      assertThat(metadata.name()).isEqualTo("fn");
      assertThat(metadata.type()).isEqualTo("compute.http");
      assertThat(metadata.version()).isEqualTo("v1");
      assertThat(metadata.file()).contains(resources.resolve("fn.yaml").toString());
      assertThat(metadata.initTimeout()).isEqualTo(Duration.ofSeconds(90));
      assertThat(metadata.initTimeoutIfSet()).contains(Duration.ofSeconds(90));
      assertThat(metadata.ignoreErrors()).isTrue();
      assertThat(metadata.uri("endpoint"))
          .hasValueSatisfying(uri -> assertThat(uri).hasHost("fn.example.com"));
      assertThat(metadata.duration("timeout")).contains(Duration.ofMinutes(1));
      assertThat(metadata.secret("key").orElseThrow().reveal()).isEqualTo(SECRET);
      assertThat(metadata.isSecret("key")).isTrue();
      assertThat(metadata.string("region")).contains("eu-west-1");
      assertThat(metadata.isSecret("endpoint")).isFalse();
      assertThat(metadata.toString()).doesNotContain(SECRET);
    }

    @Test
    void every_resolution_and_validation_problem_at_once() {
      write(
          resources,
          "fn.yaml",
          """
          apiVersion: dapr.io/v1alpha1
          kind: Component
          metadata:
            name: fn
          spec:
            type: compute.http
            version: v1
            metadata:
            - name: endpiont
              value: https://fn.example.com
            - name: timeout
              value: soon
            - name: key
              secretKeyRef:
                name: fn-key
                key: jwk
            - name: region
              envRef: FN_ZONE
          auth:
            secretStore: vault
          """);
      ComputeLoader loader = loader().build();
      ComponentResource fn = loader.select();
      ComputeConfigurationException e = failure(() -> loader.resolve(fn));
      String file = resources.resolve("fn.yaml").toString();
      assertThat(e.problems())
          .allSatisfy(
              p -> {
                assertThat(p.file()).isEqualTo(file);
                assertThat(p.component()).isEqualTo("fn");
                assertThat(p.fix()).isNotBlank();
              });
      assertThat(e.problems()).hasSize(5);

      ConfigurationProblem secret = problem(e, "spec.metadata[key].secretKeyRef");
      assertThat(secret.line()).isEqualTo(13);
      assertThat(secret.message()).contains("secret 'fn-key'", "key 'jwk'", "secret store 'vault'");
      assertThat(secret.fix()).contains("secret files under " + secrets);
      ConfigurationProblem envRef = problem(e, "spec.metadata[region].envRef");
      assertThat(envRef.line()).isEqualTo(17);
      assertThat(envRef.message()).contains("'FN_ZONE' is not set");
      ConfigurationProblem unknown = problem(e, "metadata 'endpiont'");
      assertThat(unknown.line()).isEqualTo(9);
      assertThat(unknown.fix()).contains("did you mean 'endpoint'?");
      assertThat(problem(e, "metadata 'timeout'").message()).contains("'soon' is not a duration");
      assertThat(problem(e, "metadata 'endpoint'").message()).contains("required");
    }

    @Test
    void the_default_resolver_reads_the_given_environment_and_refuses_other_keys() {
      env.put("FN_KEY", SECRET);
      component(
          "fn.yaml",
          "fn",
          "compute.http",
          """
            - name: key
              secretKeyRef:
                name: FN_KEY
            - name: region
              secretKeyRef:
                name: FN_KEY
                key: pem
          """,
          "");
      ComputeLoader loader =
          ComputeLoader.builder()
              .resourcesPath(resources)
              .providers(ComputeProviders.of(List.of(http)))
              .environment(env::get)
              .build();
      ComputeConfigurationException e = failure(() -> loader.resolve(loader.select()));
      ConfigurationProblem p = problem(e, "spec.metadata[region].secretKeyRef.key");
      assertThat(p.line()).isEqualTo(14);
      assertThat(p.component()).isEqualTo("fn");
      assertThat(p.message()).contains("'pem'");
      assertThat(e.problems()).hasSize(1);
    }

    @Test
    void secret_values_never_show_in_messages_or_toString() {
      env.put("FN_VERBOSE", SECRET);
      component(
          "fn.yaml",
          "fn",
          "compute.http",
          """
            - name: timeout
              secretKeyRef:
                name: fn-key
                key: pem
            - name: verbose
              envRef: FN_VERBOSE
            - name: key
              value: s3cr3t-VALUE
            - name: kee
              secretKeyRef:
                name: fn-key
                key: pem
            ignoreErrors: true
          """,
          "");
      ComputeLoader loader = loader().build();
      ComputeConfigurationException e = failure(() -> loader.resolve(loader.select()));
      assertThat(e.problems())
          .extracting(ConfigurationProblem::field)
          .containsExactly("metadata 'timeout'", "metadata 'verbose'", "metadata 'kee'");
      assertThat(e.getMessage()).doesNotContain(SECRET);
      assertThat(e.problems()).allSatisfy(p -> assertThat(p.toString()).doesNotContain(SECRET));

      try (ComputeHandle handle = loader.load()) {
        assertThat(handle.isReady()).isFalse();
        assertThat(
                List.of(
                    handle.toString(),
                    handle.metadata().toString(),
                    handle.component().toString(),
                    handle.failure().orElseThrow().getMessage()))
            .allSatisfy(text -> assertThat(text).doesNotContain(SECRET));
        assertThatThrownBy(handle::compute)
            .satisfies(t -> assertThat(t.getMessage()).doesNotContain(SECRET));
      }
    }
  }

  @Nested
  class Load {
    private void fn(String spec) {
      component(
          "fn.yaml",
          "fn",
          "compute.http",
          """
            - name: key
              secretKeyRef:
                name: fn-key
                key: pem
          """
              + spec,
          "");
    }

    private static ComputeInitException initFailure() {
      return new ComputeInitException(
          "deployed",
          "the function answered 404 at https://fn.example.com",
          List.of(InitCheck.failed("deployed", "HTTP 404")),
          false,
          null);
    }

    @Test
    void initialises_the_compute_and_closes_it_once() {
      fn("");
      ComputeHandle handle = loader().build().load();
      FakeCompute compute = http.only();

      assertThat(handle.isReady()).isTrue();
      assertThat(handle.compute()).isSameAs(compute);
      assertThat(handle.provider()).isSameAs(http);
      assertThat(handle.report()).contains(Fakes.report());
      assertThat(handle.failure()).isEmpty();
      assertThat(handle.component().name()).isEqualTo("fn");
      assertThat(compute.initialisedWith).isSameAs(handle.metadata());
      assertThat(compute.initialisedWith.secret("key").orElseThrow().reveal()).isEqualTo(SECRET);
      assertThat(handle.toString()).contains("fn", "ready").doesNotContain(SECRET);

      handle.close();
      handle.close();
      assertThat(compute.closes).isEqualTo(1);
      assertThat(handle.isReady()).isFalse();
      assertThatThrownBy(handle::compute)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
    }

    @Test
    void the_builders_initTimeout_wins_over_the_components_which_applies_without_it() {
      fn("  initTimeout: 10m\n");
      try (ComputeHandle handle = loader().initTimeout(Duration.ofMillis(700)).build().load()) {
        assertThat(http.only().initialisedWith.initTimeoutIfSet()).contains(Duration.ofMillis(700));
      }
      http = FakeProvider.succeeding("compute.http");
      try (ComputeHandle handle = loader().build().load()) {
        assertThat(http.only().initialisedWith.initTimeoutIfSet()).contains(Duration.ofMinutes(10));
      }
      assertThatThrownBy(() -> loader().initTimeout(Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("initTimeout must be positive");
      assertThatThrownBy(() -> loader().initTimeout(Duration.ofSeconds(-1)))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_failed_init_is_thrown_and_the_compute_closed() {
      ComputeInitException failure = initFailure();
      http =
          new FakeProvider(
              "compute.http",
              Fakes.HTTP_FIELDS,
              metadata -> {
                throw failure;
              });
      fn("");
      assertThatThrownBy(() -> loader().build().load()).isSameAs(failure);
      assertThat(http.only().closes).isEqualTo(1);
    }

    @Test
    void a_failed_init_with_ignore_errors_gives_a_handle_that_is_not_ready() {
      ComputeInitException failure = initFailure();
      http =
          new FakeProvider(
              "compute.http",
              Fakes.HTTP_FIELDS,
              metadata -> {
                throw failure;
              });
      fn("  ignoreErrors: true\n");
      try (ComputeHandle handle = loader().build().load()) {
        assertThat(handle.isReady()).isFalse();
        assertThat(handle.failure()).containsSame(failure);
        assertThat(handle.report()).isEmpty();
        assertThat(handle.metadata().name()).isEqualTo("fn");
        assertThat(http.only().closes).isEqualTo(1);
        assertThatThrownBy(handle::compute)
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("component 'fn'")
            .hasMessageContaining("spec.ignoreErrors")
            .hasMessageContaining("the function answered 404")
            .hasCause(failure);
      }
      assertThat(http.only().closes).isEqualTo(1);
    }

    @Test
    void an_unexpected_exception_is_thrown_even_with_ignore_errors() {
      http =
          new FakeProvider(
              "compute.http",
              Fakes.HTTP_FIELDS,
              metadata -> {
                throw new IllegalStateException("bug in the provider");
              });
      fn("  ignoreErrors: true\n");
      assertThatThrownBy(() -> loader().build().load()).hasMessage("bug in the provider");
      assertThat(http.only().closes).isEqualTo(1);
    }

    @Test
    void invalid_metadata_creates_no_compute_and_honours_ignore_errors() {
      fn("  - name: timeout\n    value: soon\n");
      ComputeConfigurationException e = failure(() -> loader().build().load());
      assertThat(problem(e, "metadata 'timeout'").line()).isEqualTo(15);
      assertThat(http.created).isEmpty();

      fn("  - name: timeout\n    value: soon\n  ignoreErrors: true\n");
      try (ComputeHandle handle = loader().build().load()) {
        assertThat(handle.isReady()).isFalse();
        assertThat(handle.failure())
            .hasValueSatisfying(
                f ->
                    assertThat(f)
                        .isInstanceOf(ComputeConfigurationException.class)
                        .hasMessageContaining("'soon'"));
      }
      assertThat(http.created).isEmpty();
    }

    @Test
    void a_missing_provider_is_reported_at_the_component() {
      component("fn.yaml", "fn", "compute.openfaas", "  ignoreErrors: true\n", "");
      ComputeConfigurationException e = failure(() -> loader().build().load());
      ConfigurationProblem p = problem(e, "spec.type");
      assertThat(p.file()).isEqualTo(resources.resolve("fn.yaml").toString());
      assertThat(p.line()).isEqualTo(1);
      assertThat(p.component()).isEqualTo("fn");
      assertThat(p.message())
          .contains("no compute provider for type 'compute.openfaas'", "compute.http/v1");
      assertThat(p.fix()).contains("dev.daprcompute:compute-openfaas");
    }

    @Test
    void a_missing_provider_version_is_reported_at_the_component() {
      write(
          resources,
          "fn.yaml",
          """
          apiVersion: dapr.io/v1alpha1
          kind: Component
          metadata:
            name: fn
          spec:
            type: compute.http
            version: v2
          """);
      ConfigurationProblem p = problem(failure(() -> loader().build().load()), "spec.version");
      assertThat(p.file()).isEqualTo(resources.resolve("fn.yaml").toString());
      assertThat(p.component()).isEqualTo("fn");
      assertThat(p.message()).contains("no version 'v2'");
    }

    @Test
    void the_provider_fields_decide_what_is_secret_even_for_plain_values() {
      http =
          new FakeProvider(
              "compute.http",
              List.of(
                  MetadataField.required("endpoint", Kind.URI, "url"),
                  MetadataField.optional("key", Kind.DURATION, "a secret that is also a duration")
                      .asSecret()),
              metadata -> Fakes.report());
      component("fn.yaml", "fn", "compute.http", "  - name: key\n    value: s3cr3t-VALUE\n", "");
      ComputeConfigurationException e = failure(() -> loader().build().load());
      assertThat(problem(e, "metadata 'key'").message()).isEqualTo("the value is not a duration");
      assertThat(e.getMessage()).doesNotContain(SECRET);
    }
  }

  @Test
  void the_builder_requires_a_resources_path() {
    assertThatThrownBy(() -> ComputeLoader.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("resourcesPath");
    assertThatThrownBy(() -> ComputeLoader.builder().componentName(" "))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
