package dev.daprcompute.examples.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The function app's files say what the code says: dapr/function.json (written by hand, as the
 * Azure Functions Maven plugin would write it from the annotations) names {@link DaprFunction#run}
 * with the same trigger, and host.json's routePrefix with the route gives the default base path.
 */
@DisplayName("The Azure Functions example's function.json and host.json match the code")
class FunctionAppLayoutTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path APP = Path.of("src/main/azure");

  private static JsonNode read(String file) throws IOException {
    return JSON.readTree(Files.readAllBytes(APP.resolve(file)));
  }

  private static Method entryPoint() {
    return Arrays.stream(DaprFunction.class.getMethods())
        .filter(m -> m.isAnnotationPresent(FunctionName.class))
        .findFirst()
        .orElseThrow();
  }

  @Test
  @DisplayName(
      "function.json sits in a folder named after the function and points at its method and the jar")
  void entryPointAndJar() throws IOException {
    Method run = entryPoint();
    String name = run.getAnnotation(FunctionName.class).value();
    JsonNode function = read(name + "/function.json");
    assertThat(function.path("entryPoint").asText())
        .isEqualTo(DaprFunction.class.getName() + "." + run.getName());
    String pom = Files.readString(Path.of("pom.xml"));
    String jar = function.path("scriptFile").asText();
    assertThat(jar).startsWith("../");
    assertThat(pom)
        .contains("<outputFile>${function.app.dir}/" + jar.substring(3) + "</outputFile>");
  }

  @Test
  @DisplayName(
      "the httpTrigger binding has the annotation's name, authLevel, route and dataType, and an http output")
  void triggerBinding() throws IOException {
    Method run = entryPoint();
    HttpTrigger trigger =
        Arrays.stream(run.getParameters())
            .map(p -> p.getAnnotation(HttpTrigger.class))
            .filter(java.util.Objects::nonNull)
            .findFirst()
            .orElseThrow();
    JsonNode bindings =
        read(run.getAnnotation(FunctionName.class).value() + "/function.json").path("bindings");
    JsonNode in = bindings.get(0);
    assertThat(in.path("type").asText()).isEqualTo("httpTrigger");
    assertThat(in.path("direction").asText()).isEqualTo("in");
    assertThat(in.path("name").asText()).isEqualTo(trigger.name());
    assertThat(in.path("authLevel").asText())
        .isEqualTo(trigger.authLevel().name().toLowerCase(Locale.ROOT))
        .isEqualTo("function");
    assertThat(in.path("route").asText()).isEqualTo(trigger.route()).isEqualTo("dapr/{*path}");
    assertThat(in.path("dataType").asText()).isEqualTo(trigger.dataType()).isEqualTo("binary");
    assertThat(in.has("methods")).as("no methods: every verb reaches the function").isFalse();
    assertThat(trigger.methods()).isEmpty();
    JsonNode out = bindings.get(1);
    assertThat(out.path("type").asText()).isEqualTo("http");
    assertThat(out.path("name").asText()).isEqualTo("$return");
    Parameter[] parameters = run.getParameters();
    assertThat(parameters).hasSize(2);
  }

  @Test
  @DisplayName(
      "host.json's routePrefix and the route's fixed part are the default base path, /api/dapr")
  void routePrefix() throws IOException {
    JsonNode host = read("host.json");
    assertThat(host.path("version").asText()).isEqualTo("2.0");
    String prefix = host.path("extensions").path("http").path("routePrefix").asText();
    assertThat("/" + prefix + "/" + DaprFunction.NAME).isEqualTo("/api/dapr");
    assertThat(read("local.settings.json").path("Values").path("FUNCTIONS_WORKER_RUNTIME").asText())
        .isEqualTo("java");
  }
}
