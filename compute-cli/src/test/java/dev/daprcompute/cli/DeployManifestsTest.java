package dev.daprcompute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.daprcompute.api.token.SigningKey;
import dev.daprcompute.function.token.TokenVerifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ParseResult;

/**
 * deploy/kubernetes and deploy/docker, read as Kubernetes and Docker read them, and checked against
 * the CLI's own flags (picocli's model of {@code serve}), the bridge's endpoints and the build. No
 * image is built and no cluster is needed.
 */
@DisplayName("The deployment files")
class DeployManifestsTest {
  @TempDir Path dir;

  private final Map<String, JsonNode> byKindAndName = new HashMap<>();
  private JsonNode pod;
  private JsonNode bridge;
  private ParseResult serve;

  @BeforeEach
  void read() throws IOException {
    Path kubernetes = Repository.root().resolve("deploy/kubernetes");
    YAMLMapper yaml = new YAMLMapper();
    try (Stream<Path> files = Files.list(kubernetes)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        try (MappingIterator<JsonNode> documents =
            yaml.readerFor(JsonNode.class).readValues(file.toFile())) {
          while (documents.hasNext()) {
            JsonNode document = documents.next();
            byKindAndName.put(
                document.path("kind").asText()
                    + "/"
                    + document.path("metadata").path("name").asText(),
                document);
          }
        }
      }
    }
    JsonNode deployment = resource("Deployment/orders");
    pod = deployment.path("spec").path("template");
    bridge = pod.path("spec").path("containers").get(0);
    assertThat(bridge.path("name").asText()).isEqualTo("bridge");
    List<String> args = new ArrayList<>();
    bridge.path("args").forEach(arg -> args.add(arg.asText()));
    // The CLI's own parser: every flag must exist, and every value must convert.
    ParseResult parsed =
        DaprCompute.commandLine(name -> null).parseArgs(args.toArray(String[]::new));
    assertThat(parsed.subcommand()).as("the container runs 'serve'").isNotNull();
    serve = parsed.subcommand();
    assertThat(serve.commandSpec().name()).isEqualTo("serve");
  }

  @Test
  @DisplayName(
      "The Dapr annotations match the bridge's flags: app ID, gRPC port and protocol, app API token")
  void daprAnnotations() {
    JsonNode annotations = pod.path("metadata").path("annotations");
    assertThat(annotations.path("dapr.io/enabled").asText()).isEqualTo("true");
    assertThat(annotations.path("dapr.io/app-id").asText()).isEqualTo(option("--app-id"));
    int grpcPort = serve.matchedOptionValue("--grpc-port", -1);
    assertThat(grpcPort).isEqualTo(ServeCommand.DEFAULT_GRPC_PORT);
    assertThat(annotations.path("dapr.io/app-port").asText()).isEqualTo(Integer.toString(grpcPort));
    assertThat(annotations.path("dapr.io/app-protocol").asText()).isEqualTo("grpc");
    assertThat(serve.hasMatchedOption("--http-port"))
        .as("one app channel: the one daprd is told about")
        .isFalse();
    assertThat(serve.hasMatchedOption("--bind-address"))
        .as("loopback: only daprd, in the pod, reaches it")
        .isFalse();

    // daprd reads APP_API_TOKEN from the Secret's key "token"; the bridge must get the same one.
    String tokenSecret = annotations.path("dapr.io/app-token-secret").asText();
    JsonNode env = find(bridge.path("env"), ServeCommand.APP_API_TOKEN);
    JsonNode ref = env.path("valueFrom").path("secretKeyRef");
    assertThat(ref.path("name").asText()).isEqualTo(tokenSecret);
    assertThat(ref.path("key").asText()).isEqualTo("token");
    assertThat(resource("Secret/" + tokenSecret).path("stringData").has("token")).isTrue();
  }

  @Test
  @DisplayName(
      "The probes ask the bridge's health endpoints, on the --health-port the container declares")
  void probes() {
    int healthPort = serve.matchedOptionValue("--health-port", -1);
    JsonNode port = find(bridge.path("ports"), "health");
    assertThat(port.path("containerPort").asInt()).isEqualTo(healthPort);
    for (String probe : List.of("startupProbe", "livenessProbe")) {
      assertThat(bridge.path(probe).path("httpGet").path("path").asText())
          .as(probe)
          .isEqualTo(HealthEndpoint.LIVE_PATH);
      assertThat(bridge.path(probe).path("httpGet").path("port").asText())
          .as(probe)
          .isEqualTo("health");
    }
    assertThat(bridge.path("readinessProbe").path("httpGet").path("path").asText())
        .isEqualTo(HealthEndpoint.READY_PATH);
    assertThat(bridge.path("readinessProbe").path("httpGet").path("port").asText())
        .isEqualTo("health");
  }

  @Test
  @DisplayName(
      "Prometheus finds the bridge's --metrics-port: a container port of its own, not daprd's, reachable"
          + " from outside the pod, and the PodMonitor scrapes that port's path on the Deployment's pods")
  void metrics() {
    int metricsPort = serve.matchedOptionValue("--metrics-port", -1);
    JsonNode port = find(bridge.path("ports"), "metrics");
    assertThat(port.path("containerPort").asInt()).isEqualTo(metricsPort);
    int daprdMetrics =
        pod.path("metadata").path("annotations").path("dapr.io/metrics-port").asInt(9090);
    assertThat(metricsPort)
        .as("daprd serves its own metrics in the same pod")
        .isNotEqualTo(daprdMetrics)
        .isNotIn(
            serve.matchedOptionValue("--grpc-port", -1),
            serve.matchedOptionValue("--health-port", -1));
    java.net.InetAddress metricsAddress = serve.matchedOptionValue("--metrics-bind-address", null);
    assertThat(metricsAddress)
        .as("Prometheus scrapes the pod's IP: every interface")
        .isNotNull()
        .matches(java.net.InetAddress::isAnyLocalAddress);

    JsonNode monitor = resource("PodMonitor/orders-bridge");
    assertThat(monitor.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
    JsonNode labels = pod.path("metadata").path("labels");
    JsonNode matchLabels = monitor.path("spec").path("selector").path("matchLabels");
    assertThat(matchLabels.size())
        .as("the PodMonitor selects pods by at least one label")
        .isPositive();
    matchLabels
        .fields()
        .forEachRemaining(
            label ->
                assertThat(labels.path(label.getKey()).asText())
                    .as("the pod's label %s", label.getKey())
                    .isEqualTo(label.getValue().asText()));
    JsonNode endpoint = monitor.path("spec").path("podMetricsEndpoints").get(0);
    assertThat(endpoint.path("port").asText()).isEqualTo("metrics");
    assertThat(endpoint.path("path").asText()).isEqualTo(MetricsEndpoint.PATH);
  }

  @Test
  @DisplayName(
      "Stopping fits the pod's grace period: the drain and daprd's graceful shutdown end before SIGKILL")
  void gracePeriod() {
    Duration drain = serve.matchedOptionValue("--drain-timeout", Duration.ofSeconds(10));
    long grace = pod.path("spec").path("terminationGracePeriodSeconds").asLong(30);
    assertThat(drain.toSeconds()).isLessThan(grace);
    assertThat(
            pod.path("metadata")
                .path("annotations")
                .path("dapr.io/graceful-shutdown-seconds")
                .asLong(5))
        .isLessThan(grace);
  }

  @Test
  @DisplayName(
      "Mounted as Kubernetes mounts them, the ConfigMap and the Secret give the CLI its component,"
          + " Configuration and key")
  void mountsResolve() throws IOException {
    SigningKey key = SigningKey.generateEd25519();
    for (JsonNode mount : bridge.path("volumeMounts")) {
      JsonNode volume = find(pod.path("spec").path("volumes"), mount.path("name").asText());
      Path at = mounted(mount.path("mountPath").asText());
      if (volume.has("configMap")) {
        JsonNode data =
            resource("ConfigMap/" + volume.path("configMap").path("name").asText()).path("data");
        for (JsonNode item : volume.path("configMap").path("items")) {
          assertThat(data.has(item.path("key").asText()))
              .as("ConfigMap key %s", item.path("key"))
              .isTrue();
          write(
              at.resolve(item.path("path").asText()),
              data.path(item.path("key").asText()).asText());
        }
      } else if (volume.has("secret")) {
        JsonNode secret = resource("Secret/" + volume.path("secret").path("secretName").asText());
        secret
            .path("stringData")
            .fieldNames()
            .forEachRemaining(
                name -> write(at.resolve(name), name.endsWith(".pem") ? key.privateKeyPem() : "x"));
        int mode = volume.path("secret").path("defaultMode").asInt(0644);
        long runAs = pod.path("spec").path("securityContext").path("runAsUser").asLong(0);
        if (runAs != 0) {
          assertThat(mode & 040)
              .as("the non-root bridge reads the Secret through fsGroup")
              .isNotZero();
          assertThat(pod.path("spec").path("securityContext").has("fsGroup")).isTrue();
        }
      }
    }

    // The serve command's component flags, rebased onto the mounted files: token reads the same.
    List<String> args = new ArrayList<>(List.of("token", "-o", "json"));
    for (String option : List.of("--resources-path", "--config", "--secrets-dir")) {
      args.add(option);
      args.add(mounted(option(option)).toString());
    }
    args.addAll(List.of("--app-id", option("--app-id")));
    Cli.Result token = Cli.run(args.toArray(String[]::new));

    assertThat(token.exitCode()).as(token.toString()).isZero();
    String audience = token.json().path("audience").asText();
    assertThat(audience).isEqualTo("orders-fn");
    assertThat(
            TokenVerifier.builder()
                .publicKeys(key.publicKeyPem())
                .audience(audience)
                .build()
                .verifyToken(token.json().path("token").asText())
                .subject())
        .isEqualTo(option("--app-id"));
  }

  @Test
  @DisplayName(
      "The image: a JRE 17, a numeric non-root user the pod runs as, the CLI's shaded jar, the ports")
  void image() throws IOException {
    String dockerfile = Repository.read("deploy/docker/Dockerfile");
    assertThat(line(dockerfile, "FROM")).matches("FROM eclipse-temurin:17-jre-alpine");
    String user = line(dockerfile, "USER").substring("USER ".length());
    assertThat(user).matches("[1-9][0-9]*:[1-9][0-9]*");
    assertThat(pod.path("spec").path("securityContext").path("runAsUser").asText())
        .isEqualTo(user.split(":")[0]);
    assertThat(pod.path("spec").path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();

    // The jar the shade plugin writes is the one copied and run.
    Matcher shaded =
        Pattern.compile("<outputFile>\\$\\{project.build.directory}/([^<]+)</outputFile>")
            .matcher(Repository.read("compute-cli/pom.xml"));
    assertThat(shaded.find()).isTrue();
    String copy = line(dockerfile, "COPY");
    assertThat(copy).startsWith("COPY " + shaded.group(1) + " ");
    String jar = copy.substring(copy.lastIndexOf(' ') + 1);
    assertThat(line(dockerfile, "ENTRYPOINT"))
        .contains("\"java\"")
        .contains("\"-jar\", \"" + jar + "\"]");
    assertThat(line(dockerfile, "EXPOSE"))
        .isEqualTo(
            "EXPOSE "
                + serve.matchedOptionValue("--grpc-port", -1)
                + " "
                + serve.matchedOptionValue("--health-port", -1)
                + " "
                + serve.matchedOptionValue("--metrics-port", -1));

    String image = bridge.path("image").asText();
    assertThat(image).endsWith("/dapr-compute:" + Repository.version());
  }

  private String option(String name) {
    Object value = serve.matchedOptionValue(name, null);
    assertThat(value).as("serve's %s in the manifest", name).isNotNull();
    return value.toString();
  }

  private JsonNode resource(String kindAndName) {
    JsonNode resource = byKindAndName.get(kindAndName);
    assertThat(resource)
        .as("%s in deploy/kubernetes (found %s)", kindAndName, byKindAndName.keySet())
        .isNotNull();
    return resource;
  }

  private static JsonNode find(JsonNode list, String name) {
    for (JsonNode item : list) {
      if (item.path("name").asText().equals(name)) {
        return item;
      }
    }
    throw new AssertionError("no '" + name + "' in " + list);
  }

  /** Where an absolute path in the pod is, in this test's copy of its file system. */
  private Path mounted(String podPath) {
    return dir.resolve(podPath.substring(1));
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The one instruction line starting with {@code instruction}. */
  private static String line(String dockerfile, String instruction) {
    List<String> lines = dockerfile.lines().filter(l -> l.startsWith(instruction + " ")).toList();
    assertThat(lines).as("%s lines", instruction).hasSize(1);
    return lines.get(0);
  }
}
