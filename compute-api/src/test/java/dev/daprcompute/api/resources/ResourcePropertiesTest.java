package dev.daprcompute.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daprcompute.api.ComputeConfigurationException;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeProviders;
import dev.daprcompute.api.ConfigurationProblem;
import dev.daprcompute.api.token.SigningKey;
import dev.daprcompute.protocol.fuzz.Contract;
import dev.daprcompute.protocol.fuzz.Fuzz;
import dev.daprcompute.protocol.fuzz.Gen;
import dev.daprcompute.protocol.fuzz.Strings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Component and Configuration YAML, damaged at random, read as daprd's --resources-path and
 * --config: every file ends in resources or one {@link ComputeConfigurationException} whose
 * problems each name the file, and values resolved from secrets or the environment never appear.
 */
@DisplayName(
    "resource files: any YAML ends in components or configuration problems that show no secret")
class ResourcePropertiesTest {
  private static final String MARKER = "Zq9ResolvedSecret";
  private static final String KEY =
      SigningKey.generateEd25519().privateKeyPem().indent(8).stripTrailing();

  private static final ComputeProviders PROVIDERS = ComputeProviders.load();

  @TempDir Path dir;

  private static final List<String> COMPONENTS =
      List.of(
          """
      apiVersion: dapr.io/v1alpha1
      kind: Component
      metadata:
        name: orders-fn
        namespace: default
      spec:
        type: compute.http
        version: v1
        initTimeout: 10s
        ignoreErrors: false
        metadata:
        - name: endpoint
          value: https://orders.example.com/dapr
        - name: key
          secretKeyRef:
            name: signing
            key: private.pem
        - name: audience
          envRef: ORDERS_AUDIENCE
        - name: timeout
          secretKeyRef:
            name: timeouts
      auth:
        secretStore: local
      scopes:
      - checkout
      """,
          """
      apiVersion: dapr.io/v1alpha1
      kind: Component
      metadata:
        name: inline
      spec:
        type: compute.http
        version: v1
        metadata:
        - name: endpoint
          value: "http://localhost:8080"
        - name: key
          value: |
      %s
        - name: maxBodySize
          value: 4Mi
      ---
      apiVersion: dapr.io/v1alpha1
      kind: Subscription
      metadata:
        name: orders
      spec:
        topic: orders
      """
              .formatted(KEY),
          """
      apiVersion: dapr.io/v1alpha1
      kind: Component
      metadata: {name: flow, labels: {a: b}}
      spec: {type: compute.http, version: v1, metadata: [{name: endpoint, value: 'https://x'}, {name: key, envRef: KEY}]}
      """);

  private static final List<String> CONFIGURATIONS =
      List.of(
          """
      apiVersion: dapr.io/v1alpha1
      kind: Configuration
      metadata:
        name: app
      spec:
        compute:
          name: orders-fn
          type: compute.http
        tracing:
          samplingRate: "1"
      """,
          """
      apiVersion: dapr.io/v1alpha1
      kind: Configuration
      metadata:
        name: app
      spec:
        compute:
          name: inline
      """);

  private static final List<String> DICTIONARY =
      List.of(
          "apiVersion: dapr.io/v1alpha1",
          "kind: Component",
          "kind: Configuration",
          "metadata:",
          "spec:",
          "  ",
          "- ",
          ": ",
          "\n",
          "---\n",
          "...\n",
          "&a ",
          "*a",
          "!!str ",
          "!!binary ",
          "!!map ",
          "!foo ",
          "<<: ",
          "{",
          "}",
          "[",
          "]",
          "'",
          "\"",
          "#",
          "|",
          ">-",
          "? ",
          "%YAML 1.2\n",
          "%TAG ! tag:x,2000:\n",
          "name:",
          "value:",
          "secretKeyRef:",
          "envRef:",
          "type: compute.http",
          "version: v1",
          "initTimeout:",
          "ignoreErrors:",
          "scopes:",
          "auth:",
          "secretStore:",
          "compute:",
          "\t",
          "~",
          "null",
          "yes",
          "0x10",
          "1e3",
          "\u00e9",
          "\ufeff",
          "\\u0000",
          "&a [*a, *a]",
          "\r");

  private static Gen<String> yaml(List<String> seeds) {
    Gen<String> seed = Gen.elementOf(seeds);
    return Gen.rarely(
        Gen.oneOf(
            seed,
            Strings.mutate(seed, DICTIONARY),
            Strings.mutate(seed, DICTIONARY),
            Strings.tokens(DICTIONARY, 30)),
        Strings.longRuns(List.of("[", "- ", "{a: ", "&a [*a, *a, *a]\n", "a:\n  ", "  - x\n")),
        40);
  }

  private final SecretResolver secrets =
      (store, name, key) ->
          name.equals("missing") ? Optional.empty() : Optional.of(name + "/" + key + ":" + MARKER);

  /**
   * Writes {@code content} as UTF-8, or, when it holds a NUL, as ISO-8859-1: a file that is not
   * UTF-8 (lone surrogates become '?' in UTF-8, as a careless editor would write them).
   */
  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.write(
        file,
        content.getBytes(
            content.indexOf('\0') >= 0 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8));
    return file;
  }

  @Test
  @DisplayName("a resources directory ends in components or problems that each name the file")
  void components() {
    Fuzz.forAll(
        300,
        yaml(COMPONENTS),
        text -> {
          Path file = write("resources/components.yaml", text);
          Contract.Ending<DaprResources> loaded =
              Contract.resultOr(
                  ComputeConfigurationException.class,
                  Set.of(),
                  () -> DaprResources.load(file.getParent()));
          if (!loaded.returned()) {
            for (ConfigurationProblem problem :
                ((ComputeConfigurationException) loaded.error()).problems()) {
              assertThat(problem.file()).isEqualTo(file.toString());
              assertThat(problem.message()).isNotBlank();
            }
          }
        });
  }

  @Test
  @DisplayName(
      "selecting and resolving a component ends in metadata or problems, and shows no resolved secret")
  void loader() {
    Fuzz.forAll(
        200,
        Gen.zip(yaml(COMPONENTS), yaml(CONFIGURATIONS), List::of),
        texts -> {
          Path resources = write("resources/components.yaml", texts.get(0)).getParent();
          Path configuration = write("config.yaml", texts.get(1));
          ComputeLoader loader =
              ComputeLoader.builder()
                  .resourcesPath(resources)
                  .configuration(configuration)
                  .providers(PROVIDERS)
                  .secretResolver(secrets)
                  .environment(name -> name + "=" + MARKER)
                  .context(
                      new ComputeContext(
                          ComputeContext.defaults().httpClient(),
                          java.time.Clock.systemUTC(),
                          "checkout"))
                  .build();
          Contract.Ending<ComponentResource> selected =
              Contract.resultOr(
                  ComputeConfigurationException.class, Set.of(MARKER), loader::select);
          if (selected.returned()) {
            Contract.resultOr(
                ComputeConfigurationException.class,
                Set.of(MARKER),
                () -> loader.resolve(selected.get()));
          }
        });
  }

  @Test
  @DisplayName("a Configuration file ends in its compute selection or problems that name the file")
  void configuration() {
    Fuzz.forAll(
        250,
        yaml(CONFIGURATIONS),
        text -> {
          Path file = write("config.yaml", text);
          Contract.Ending<ConfigurationResource> loaded =
              Contract.resultOr(
                  ComputeConfigurationException.class,
                  Set.of(),
                  () -> DaprResources.loadConfiguration(file));
          if (!loaded.returned()) {
            for (ConfigurationProblem problem :
                ((ComputeConfigurationException) loaded.error()).problems()) {
              assertThat(problem.file()).isEqualTo(file.toString());
            }
          }
        });
  }
}
