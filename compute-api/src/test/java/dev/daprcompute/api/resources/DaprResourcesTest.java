package dev.daprcompute.api.resources;

import static dev.daprcompute.api.resources.Fakes.problem;
import static dev.daprcompute.api.resources.Fakes.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.daprcompute.api.ComputeConfigurationException;
import dev.daprcompute.api.ConfigurationProblem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaprResourcesTest {
  @TempDir Path dir;

  static final String REALISTIC =
      """
      apiVersion: dapr.io/v1alpha1
      kind: Component
      metadata:
        name: orders-fn
        namespace: prod
      spec:
        type: compute.http
        version: v1
        initTimeout: 1m30s
        ignoreErrors: true
        metadata:
        - name: endpoint
          value: https://fn.example.com/api
        - name: timeout
          value: 30s
        - name: retries
          value: 3
        - name: verbose
          value: yes
        - name: empty
          value:
        - name: key
          secretKeyRef:
            name: fn-key
            key: pem
        - name: token
          secretKeyRef:
            name: fn-token
        - name: region
          envRef: FN_REGION
      auth:
        secretStore: my-secrets
      scopes:
      - orders
      - billing
      ---
      apiVersion: dapr.io/v2alpha1
      kind: Subscription
      metadata:
        name: orders-sub
      spec:
        topic: orders
        routes:
          default: /orders
        pubsubname: pubsub
      ---
      ---
      # only a comment
      ---
      apiVersion: dapr.io/v1alpha1
      kind: Component
      metadata:
        name: statestore
      spec:
        type: state.redis
        version: v1
        metadata:
        - name: redisHost
          value: localhost:6379
      """;

  private ComputeConfigurationException failure(Path resources) {
    return catchThrowableOfType(
        ComputeConfigurationException.class, () -> DaprResources.load(resources));
  }

  private ComputeConfigurationException failure(String file, String content) {
    write(dir, file, content);
    return failure(dir);
  }

  private static String component(String spec) {
    return """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: fn
        spec:
          type: compute.http
          version: v1
        """
        + spec;
  }

  @Test
  void reads_every_component_of_a_realistic_directory_with_its_lines() {
    Path file = write(dir, "a-components.yaml", REALISTIC);
    write(
        dir,
        "b-resiliency.yml",
        """
        apiVersion: dapr.io/v1alpha1
        kind: Resiliency
        metadata:
          name: retry-forever
        spec: {}
        """);
    write(dir, "notes.txt", "kind: Component\n");
    write(dir, "nested/hidden.yaml", "this: [is not read\n");

    DaprResources resources = DaprResources.load(dir);

    assertThat(resources.files()).containsExactly(file, dir.resolve("b-resiliency.yml"));
    assertThat(resources.components())
        .extracting(ComponentResource::name)
        .containsExactly("orders-fn", "statestore");
    ComponentResource fn = resources.component("orders-fn").orElseThrow();
    assertThat(fn.file()).isEqualTo(file.toString());
    assertThat(fn.line()).isEqualTo(1);
    assertThat(fn.namespace()).isEqualTo("prod");
    assertThat(fn.type()).isEqualTo("compute.http");
    assertThat(fn.version()).isEqualTo("v1");
    assertThat(fn.initTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(fn.ignoreErrors()).isTrue();
    assertThat(fn.secretStore()).isEqualTo("my-secrets");
    assertThat(fn.scopes()).containsExactly("orders", "billing");
    assertThat(fn.metadata())
        .containsExactly(
            new MetadataItem("endpoint", "https://fn.example.com/api", null, null, 12),
            new MetadataItem("timeout", "30s", null, null, 14),
            new MetadataItem("retries", "3", null, null, 16),
            new MetadataItem("verbose", "yes", null, null, 18),
            new MetadataItem("empty", "", null, null, 20),
            new MetadataItem("key", null, new SecretKeyRef("fn-key", "pem"), null, 22),
            new MetadataItem("token", null, new SecretKeyRef("fn-token", "fn-token"), null, 26),
            new MetadataItem("region", null, null, "FN_REGION", 29));

    ComponentResource store = resources.component("statestore").orElseThrow();
    assertThat(store.line())
        .isEqualTo(REALISTIC.lines().toList().lastIndexOf("apiVersion: dapr.io/v1alpha1") + 1);
    assertThat(store.namespace()).isEmpty();
    assertThat(store.initTimeout()).as("not written: the platform's default applies").isNull();
    assertThat(store.ignoreErrors()).isFalse();
    assertThat(store.secretStore()).isNull();
    assertThat(store.scopes()).isEmpty();
  }

  @Test
  void metadata_item_toString_leaves_the_value_out() {
    assertThat(MetadataItem.ofValue("key", Fakes.SECRET).toString())
        .doesNotContain(Fakes.SECRET)
        .contains("key");
  }

  @Test
  void a_directory_with_only_other_kinds_has_no_components() {
    write(
        dir,
        "sub.yaml",
        "apiVersion: dapr.io/v2alpha1\nkind: Subscription\nmetadata:\n  name: s\n");
    assertThat(DaprResources.load(dir).components()).isEmpty();
  }

  @Test
  void names_what_it_skipped_and_why() {
    write(
        dir,
        "a-sub.yaml",
        "apiVersion: dapr.io/v2alpha1\nkind: Subscription\nmetadata:\n  name: s\n");
    write(dir, "b-deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n");
    write(dir, "c-empty.yml", "# nothing yet\n");
    assertThat(DaprResources.load(dir).skipped())
        .containsExactly(
            dir.resolve("a-sub.yaml") + ":1 (kind Subscription, not a Component)",
            dir.resolve("b-deploy.yaml") + ":1 (kind Deployment, not a Component)",
            dir.resolve("c-empty.yml") + " (no YAML document)");
  }

  @Test
  void keys_match_case_insensitively_as_in_daprd() {
    write(dir, "c.yaml", component("auth:\n  secretstore: vault\n"));
    assertThat(DaprResources.load(dir).components().get(0).secretStore()).isEqualTo("vault");
  }

  @Test
  void empty_sections_read_as_absent_as_in_daprd() {
    write(dir, "c.yaml", component("  metadata:\n  initTimeout:\nauth:\nscopes:\n"));
    ComponentResource c = DaprResources.load(dir).components().get(0);
    assertThat(c.metadata()).isEmpty();
    assertThat(c.initTimeout()).as("empty reads as absent").isNull();
    assertThat(c.secretStore()).isNull();
    assertThat(c.scopes()).isEmpty();
  }

  @Nested
  class Reports {
    @Test
    void a_directory_that_does_not_exist() {
      ConfigurationProblem p = failure(dir.resolve("missing")).problems().get(0);
      assertThat(p.file()).isEqualTo(dir.resolve("missing").toString());
      assertThat(p.message()).contains("does not exist");
      assertThat(p.fix()).contains("--resources-path");
    }

    @Test
    void a_directory_without_yaml() {
      write(dir, "readme.md", "# nothing\n");
      write(dir, "sub/c.yaml", component(""));
      ConfigurationProblem p = failure(dir).problems().get(0);
      assertThat(p.file()).isEqualTo(dir.toString());
      assertThat(p.message()).contains("no .yaml or .yml files");
      assertThat(p.fix()).contains("subdirectories are not read");
    }

    @Test
    void a_yaml_syntax_error_with_its_line_and_without_quoting_the_file() {
      ComputeConfigurationException e =
          failure(
              "broken.yaml",
              """
          apiVersion: dapr.io/v1alpha1
          kind: Component
          metadata:
            name: fn
          spec:
            metadata:
            - name: key
              value: "s3cr3t-VALUE
          """);
      ConfigurationProblem p = e.problems().get(0);
      assertThat(p.file()).endsWith("broken.yaml");
      assertThat(p.line()).isEqualTo(8);
      assertThat(p.message()).contains("is not valid YAML").contains("quoted scalar");
      assertThat(p.fix()).contains("line 8");
      assertThat(e.getMessage()).doesNotContain(Fakes.SECRET);
    }

    @Test
    void bad_indentation_at_the_offending_line() {
      ComputeConfigurationException e =
          failure(
              "indent.yaml",
              """
          apiVersion: dapr.io/v1alpha1
          kind: Component
          metadata:
            name: fn
           spec: {}
          """);
      assertThat(e.problems())
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.line()).isEqualTo(5);
                assertThat(p.message()).contains("is not valid YAML");
              });
    }

    @Test
    void missing_required_fields() {
      ComputeConfigurationException e =
          failure(
              "c.yaml",
              """
          apiVersion: dapr.io/v1alpha1
          kind: Component
          metadata:
            namespace: default
          spec:
            initTimeout: 5s
          """);
      ConfigurationProblem name = problem(e, "metadata.name");
      assertThat(name.file()).endsWith("c.yaml");
      assertThat(name.line()).isEqualTo(4);
      assertThat(name.message()).contains("required");
      ConfigurationProblem type = problem(e, "spec.type");
      assertThat(type.line()).isEqualTo(6);
      assertThat(type.fix()).contains("compute.http");
      assertThat(problem(e, "spec.version").fix()).contains("version: v1");
    }

    @Test
    void a_missing_spec_as_missing_type_and_version() {
      ComputeConfigurationException e =
          failure(
              "c.yaml",
              """
          apiVersion: dapr.io/v1alpha1
          kind: Component
          metadata:
            name: fn
          """);
      assertThat(problem(e, "spec.type").component()).isEqualTo("fn");
      assertThat(problem(e, "spec.version").line()).isEqualTo(1);
    }

    @Test
    void a_section_that_is_not_a_mapping_once() {
      ComputeConfigurationException e =
          failure(
              "c.yaml",
              "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: fn\nspec: compute.http\n");
      assertThat(e.problems())
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.field()).isEqualTo("spec");
                assertThat(p.line()).isEqualTo(5);
                assertThat(p.message()).contains("must be a mapping");
              });
    }

    @Test
    void an_unknown_spec_field_with_the_closest_known_one() {
      ComputeConfigurationException e =
          failure(
              "c.yaml",
              component(
                  """
            metdata:
            - name: endpoint
              value: https://x
          """));
      ConfigurationProblem p = problem(e, "spec.metdata");
      assertThat(p.file()).endsWith("c.yaml");
      assertThat(p.line()).isEqualTo(8);
      assertThat(p.component()).isEqualTo("fn");
      assertThat(p.message()).contains("is not a field of spec");
      assertThat(p.fix()).contains("did you mean 'spec.metadata'?");
    }

    @Test
    void an_unknown_metadata_item_field_with_the_closest_known_one() {
      ComputeConfigurationException e =
          failure(
              "c.yaml",
              component(
                  """
            metadata:
            - name: endpoint
              vaule: https://x
          """));
      ConfigurationProblem p = problem(e, "spec.metadata[endpoint].vaule");
      assertThat(p.line()).isEqualTo(10);
      assertThat(p.component()).isEqualTo("fn");
      assertThat(p.fix()).contains("'spec.metadata[endpoint].value'");
      assertThat(problem(e, "spec.metadata[endpoint]").message()).contains("has no value");
    }

    @Test
    void unknown_top_level_fields_listing_the_known_ones() {
      ComputeConfigurationException e =
          failure("c.yaml", component("frobnicate: 1\nscope:\n- a\n"));
      assertThat(problem(e, "frobnicate").fix())
          .contains("apiVersion, kind, metadata, spec, auth, scopes");
      assertThat(problem(e, "scope").fix()).contains("did you mean 'scopes'?");
    }

    @Test
    void wrong_types_for_init_timeout_and_ignore_errors() {
      ComputeConfigurationException e =
          failure(
              "c.yaml",
              component(
                  """
            initTimeout: banana
            ignoreErrors: maybe
          """));
      ConfigurationProblem timeout = problem(e, "spec.initTimeout");
      assertThat(timeout.line()).isEqualTo(8);
      assertThat(timeout.component()).isEqualTo("fn");
      assertThat(timeout.message()).contains("'banana' is not a duration");
      assertThat(timeout.fix()).contains("1m30s");
      ConfigurationProblem ignore = problem(e, "spec.ignoreErrors");
      assertThat(ignore.line()).isEqualTo(9);
      assertThat(ignore.message()).contains("'maybe' is not true or false");
    }

    @Test
    void a_zero_init_timeout() {
      assertThat(
              problem(failure("c.yaml", component("  initTimeout: 0s\n")), "spec.initTimeout")
                  .message())
          .contains("positive");
    }

    @Test
    void metadata_items_with_no_or_two_sources() {
      ComputeConfigurationException e =
          failure(
              "c.yaml",
              component(
                  """
            metadata:
            - name: endpoint
            - name: key
              value: inline
              secretKeyRef:
                name: fn-key
          """));
      ConfigurationProblem none = problem(e, "spec.metadata[endpoint]");
      assertThat(none.line()).isEqualTo(9);
      assertThat(none.message()).contains("has no value");
      assertThat(none.fix()).contains("value", "secretKeyRef", "envRef");
      ConfigurationProblem two = problem(e, "spec.metadata[key]");
      assertThat(two.line()).isEqualTo(10);
      assertThat(two.message()).contains("value and secretKeyRef").contains("exactly one");
      assertThat(e.getMessage()).doesNotContain("inline");
    }

    @Test
    void a_secret_key_ref_without_a_name_and_an_item_without_a_name() {
      ComputeConfigurationException e =
          failure(
              "c.yaml",
              component(
                  """
            metadata:
            - name: key
              secretKeyRef:
                key: pem
            - value: orphan
          """));
      assertThat(problem(e, "spec.metadata[key].secretKeyRef.name").line()).isEqualTo(11);
      assertThat(problem(e, "spec.metadata[1].name").line()).isEqualTo(12);
    }

    @Test
    void structured_values_and_duplicate_items() {
      ComputeConfigurationException e =
          failure(
              "c.yaml",
              component(
                  """
            metadata:
            - name: endpoint
              value: {url: https://x}
            - name: Endpoint
              value: https://y
          """));
      assertThat(e.problems())
          .extracting(ConfigurationProblem::field)
          .containsExactly("spec.metadata[endpoint].value", "spec.metadata[Endpoint]");
      assertThat(e.problems().get(1).message()).contains("set twice (first at line 9)");
    }

    @Test
    void a_wrong_or_missing_api_version() {
      ComputeConfigurationException e =
          failure("c.yaml", component("").replace("dapr.io/v1alpha1", "dapr.io/v1"));
      ConfigurationProblem p = problem(e, "apiVersion");
      assertThat(p.line()).isEqualTo(1);
      assertThat(p.component()).isEqualTo("fn");
      assertThat(p.message()).contains("'dapr.io/v1'");
      assertThat(p.fix()).contains("dapr.io/v1alpha1");

      write(dir, "c.yaml", component("").replace("apiVersion: dapr.io/v1alpha1\n", ""));
      assertThat(problem(failure(dir), "apiVersion").message()).contains("required");
    }

    @Test
    void a_kind_in_the_wrong_case() {
      ConfigurationProblem p =
          problem(failure("c.yaml", component("").replace("Component", "component")), "kind");
      assertThat(p.fix()).contains("kind: Component");
    }

    @Test
    void a_misspelt_kind_with_the_kind_it_resembles_instead_of_skipping_the_file() {
      ConfigurationProblem p =
          problem(failure("c.yaml", component("").replace("Component", "Componnet")), "kind");
      assertThat(p.file()).isEqualTo(dir.resolve("c.yaml").toString());
      assertThat(p.line()).isEqualTo(1);
      assertThat(p.message()).contains("'Componnet'").contains("not a kind of Dapr resource");
      assertThat(p.fix()).isEqualTo("did you mean 'kind: Component'?");
    }

    @Test
    void an_unknown_kind_of_a_dapr_io_resource_listing_dapr_kinds() {
      write(dir, "x.yaml", "apiVersion: dapr.io/v1alpha1\nkind: Widget\nmetadata:\n  name: w\n");
      ConfigurationProblem p = problem(failure(dir), "kind");
      assertThat(p.message()).contains("'Widget'");
      assertThat(p.fix())
          .contains("Component", "Configuration", "Subscription", "Resiliency", "HTTPEndpoint");
    }

    @Test
    void duplicate_component_names_across_files() {
      write(dir, "a.yaml", component(""));
      write(dir, "b.yaml", "# the same name again\n" + component(""));
      ConfigurationProblem p = problem(failure(dir), "metadata.name");
      assertThat(p.file()).endsWith("b.yaml");
      assertThat(p.line()).isEqualTo(2);
      assertThat(p.component()).isEqualTo("fn");
      assertThat(p.message()).contains(dir.resolve("a.yaml") + ":1");
    }

    @Test
    void duplicate_keys_and_aliases() {
      ComputeConfigurationException e =
          failure(
              "c.yaml",
              component(
                  """
            version: v2
            metadata:
            - name: endpoint
              value: &url https://x
            - name: other
              value: *url
          """));
      assertThat(problem(e, "spec.version").message()).contains("written twice (first at line 7)");
      assertThat(problem(e, "spec.metadata[other].value").message()).contains("alias");
    }

    @Test
    void every_problem_of_every_file_at_once() {
      write(dir, "a.yaml", component("  initTimeout: banana\n"));
      write(
          dir,
          "b.yaml",
          "kind: Component\napiVersion: dapr.io/v1alpha1\nmetadata: {name: other}\nspec: [\n");
      write(dir, "c.yaml", component("  ignoreErrors: maybe\n").replace("name: fn", "name: third"));
      ComputeConfigurationException e = failure(dir);
      assertThat(e.problems())
          .extracting(p -> Path.of(p.file()).getFileName().toString())
          .containsExactly("a.yaml", "b.yaml", "c.yaml");
      assertThat(e.getMessage())
          .startsWith("3 configuration problems:")
          .contains("a.yaml:8: component 'fn', spec.initTimeout: 'banana' is not a duration")
          .contains("b.yaml:4: is not valid YAML")
          .contains("c.yaml:8: component 'third', spec.ignoreErrors");
    }
  }

  @Nested
  class Configurations {
    @Test
    void reads_spec_compute_and_ignores_the_rest_of_spec() {
      Path file =
          write(
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
            features:
            - name: SomeFeature
              enabled: true
            compute:
              name: orders-fn
              type: compute.http
          """);
      ConfigurationResource config = DaprResources.loadConfiguration(file);
      assertThat(config)
          .isEqualTo(
              new ConfigurationResource(
                  file.toString(), "appconfig", new ComputeSelection("orders-fn", "compute.http")));
    }

    @Test
    void a_configuration_without_compute_or_type() {
      Path plain =
          write(
              dir,
              "plain.yaml",
              "apiVersion: dapr.io/v1alpha1\nkind: Configuration\nmetadata:\n  name: c\n");
      assertThat(DaprResources.loadConfiguration(plain).compute()).isNull();
      Path untyped =
          write(
              dir,
              "untyped.yaml",
              "apiVersion: dapr.io/v1alpha1\nkind: Configuration\nmetadata:\n  name: c\nspec:\n  compute:\n    name: fn\n");
      assertThat(DaprResources.loadConfiguration(untyped).compute())
          .isEqualTo(new ComputeSelection("fn", null));
    }

    @Test
    void reports_a_misspelt_or_missing_compute_name() {
      Path file =
          write(
              dir,
              "config.yaml",
              """
          apiVersion: dapr.io/v1alpha1
          kind: Configuration
          metadata:
            name: appconfig
          spec:
            compute:
              nmae: orders-fn
          """);
      ComputeConfigurationException e =
          catchThrowableOfType(
              ComputeConfigurationException.class, () -> DaprResources.loadConfiguration(file));
      ConfigurationProblem typo = problem(e, "spec.compute.nmae");
      assertThat(typo.file()).isEqualTo(file.toString());
      assertThat(typo.line()).isEqualTo(7);
      assertThat(typo.fix()).contains("'spec.compute.name'");
      assertThat(problem(e, "spec.compute.name").message()).contains("required");
    }

    @Test
    void reports_a_missing_file_or_one_without_a_configuration() {
      ComputeConfigurationException missing =
          catchThrowableOfType(
              ComputeConfigurationException.class,
              () -> DaprResources.loadConfiguration(dir.resolve("nope.yaml")));
      assertThat(missing.problems().get(0).message()).contains("does not exist");

      Path component = write(dir, "c.yaml", component(""));
      ComputeConfigurationException wrongKind =
          catchThrowableOfType(
              ComputeConfigurationException.class,
              () -> DaprResources.loadConfiguration(component));
      assertThat(problem(wrongKind, "kind").message()).contains("no 'kind: Configuration'");
    }
  }

  @Test
  void records_validate_their_arguments() {
    assertThat(new SecretKeyRef("name", "").key()).isEqualTo("name");
    assertThat(
            List.of(
                catchThrowableOfType(
                    IllegalArgumentException.class,
                    () -> new MetadataItem("x", "a", null, "ENV", 0)),
                catchThrowableOfType(
                    IllegalArgumentException.class,
                    () -> new MetadataItem("x", null, null, null, 0)),
                catchThrowableOfType(
                    IllegalArgumentException.class, () -> new SecretKeyRef(" ", "k")),
                catchThrowableOfType(
                    IllegalArgumentException.class, () -> new ComputeSelection("", null))))
        .allSatisfy(e -> assertThat(e).isNotNull());
  }
}
