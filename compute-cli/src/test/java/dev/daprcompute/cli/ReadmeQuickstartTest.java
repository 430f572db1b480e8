package dev.daprcompute.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import dev.daprcompute.function.FunctionHandler;
import dev.daprcompute.function.FunctionHttpServer;
import dev.daprcompute.function.FunctionRouter;
import dev.daprcompute.function.token.TokenVerifier;
import dev.daprcompute.protocol.InvokeRequest;
import dev.daprcompute.protocol.InvokeResponse;
import dev.daprcompute.protocol.Payload;
import io.dapr.v1.AppCallbackGrpc;
import io.dapr.v1.CommonProtos;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's quickstart, as written: its YAML and its shell lines are read from README.md and run by
 * {@code sh} in an empty directory, with {@code dapr-compute} on the PATH. The function is README's
 * (a FunctionRouter on FunctionHttpServer, the key from keygen's JWK Set, README's audience). Only
 * the ports change: README's 8080 and 50051 become free ports, and nothing else.
 */
@DisplayName("README's quickstart")
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "runs README's sh lines")
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class ReadmeQuickstartTest {
  @TempDir Path dir;

  @Test
  @DisplayName(
      "keygen, the secrets directory, README's YAML, check and serve work as written; serve answers daprd")
  void worksAsWritten() throws Exception {
    String readme = Repository.read("README.md");
    String quickstart = section(readme, "## Quickstart");
    String component = block(quickstart, "`resources/orders-fn.yaml`", "yaml");
    String configuration = block(quickstart, "(`config.yaml`)", "yaml");
    String functionCode = block(quickstart, "Run the function", "java");
    List<String> keys = commands(block(quickstart, "Make the key pair", "sh"));
    List<String> run =
        commands(block(quickstart, "Check that the component reaches the function", "sh"));
    assertThat(keys).hasSize(2);
    assertThat(run).hasSize(2);
    String check = run.get(0);
    String serve = run.get(1);
    assertThat(check).startsWith("dapr-compute check ");
    assertThat(serve).startsWith("dapr-compute serve ").contains("--grpc-port 50051");

    // README's function: its audience, on the port its endpoint names.
    Matcher audience = Pattern.compile("\\.audience\\(\"([^\"]+)\"\\)").matcher(functionCode);
    assertThat(audience.find()).as("README's function sets its audience").isTrue();
    assertThat(functionCode)
        .contains("FunctionHttpServer.start(router, 8080)")
        .contains("System.getenv(\"DAPR_COMPUTE_PUBLIC_KEY\")");
    assertThat(quickstart).contains("DAPR_COMPUTE_PUBLIC_KEY=\"$(cat keys/orders-fn-jwks.json)\"");
    assertThat(component).contains("value: http://localhost:8080");

    Path bin = CliProcess.commandDirectory(dir);
    Map<String, String> env = Map.of("PATH", bin + ":/usr/bin:/bin");
    Path work = Files.createDirectories(dir.resolve("work"));
    for (String line : keys) {
      assertThat(sh(line, work, env).waitFor(Duration.ofSeconds(60))).as(line).isZero();
    }

    String publicKeys =
        Files.readString(work.resolve("keys/orders-fn-jwks.json"), StandardCharsets.UTF_8);
    FunctionRouter router =
        FunctionRouter.builder(new Orders())
            .verifier(
                TokenVerifier.builder().publicKeys(publicKeys).audience(audience.group(1)).build())
            .build();
    try (FunctionHttpServer function = FunctionHttpServer.startOnLoopback(router)) {
      Files.createDirectories(work.resolve("resources"));
      Files.writeString(
          work.resolve("resources/orders-fn.yaml"),
          component.replace("localhost:8080", "localhost:" + function.port()),
          StandardCharsets.UTF_8);
      Files.writeString(work.resolve("config.yaml"), configuration, StandardCharsets.UTF_8);

      try (CliProcess checked = sh(check, work, env)) {
        assertThat(checked.waitFor(Duration.ofSeconds(60))).as(checked.toString()).isZero();
        assertThat(checked.out()).contains("PASSED  auth").contains("ready: protocol 1");
      }

      int grpcPort = ServeProcessTest.freePort();
      try (CliProcess serving =
          sh(serve.replace("--grpc-port 50051", "--grpc-port " + grpcPort), work, env)) {
        serving.awaitOut(line -> line.equals("press Ctrl-C to stop"), Duration.ofSeconds(60));
        ManagedChannel channel =
            ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
        try {
          CommonProtos.InvokeResponse reply =
              AppCallbackGrpc.newBlockingStub(channel)
                  .withDeadlineAfter(20, TimeUnit.SECONDS)
                  .onInvoke(
                      CommonProtos.InvokeRequest.newBuilder()
                          .setMethod("orders/42")
                          .setData(Any.newBuilder().setValue(ByteString.EMPTY).build())
                          .setHttpExtension(
                              CommonProtos.HTTPExtension.newBuilder()
                                  .setVerb(CommonProtos.HTTPExtension.Verb.GET))
                          .build());
          assertThat(reply.getData().getValue().toStringUtf8()).isEqualTo("{\"id\":42}");
        } finally {
          channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        serving.signal("INT");
        assertThat(serving.waitFor(Duration.ofSeconds(30))).as(serving.toString()).isZero();
      }
    }
  }

  /** README's OrdersHandler, as small as it gets. */
  private static final class Orders implements FunctionHandler {
    @Override
    public InvokeResponse onInvoke(InvokeRequest request) {
      return request.method().equals("orders/42")
          ? InvokeResponse.ok(Payload.ofUtf8("{\"id\":42}"), "application/json")
          : InvokeResponse.status(404);
    }
  }

  private static CliProcess sh(String line, Path work, Map<String, String> env) throws Exception {
    return CliProcess.start(List.of("sh", "-c", line), work, env);
  }

  /** From {@code heading} to the next heading of the same level. */
  private static String section(String markdown, String heading) {
    int start = markdown.indexOf("\n" + heading);
    if (start < 0) {
      fail("README.md has no section '" + heading + "'");
    }
    int end = markdown.indexOf("\n## ", start + heading.length());
    return markdown.substring(start, end < 0 ? markdown.length() : end);
  }

  /** The first {@code ```language} block after {@code marker}. */
  private static String block(String markdown, String marker, String language) {
    int at = markdown.indexOf(marker);
    if (at < 0) {
      fail("README's quickstart no longer has '" + marker + "'");
    }
    int open = markdown.indexOf("```" + language + "\n", at);
    int close = markdown.indexOf("\n```", open + 1);
    if (open < 0 || close < 0) {
      fail("no ```" + language + " block after '" + marker + "'");
    }
    return markdown.substring(open + language.length() + 4, close + 1);
  }

  /** The command lines of a sh block: comments and blank lines left out. */
  private static List<String> commands(String sh) {
    List<String> lines = new ArrayList<>();
    for (String line : sh.lines().toList()) {
      String command = line.replaceAll("\\s+#.*$", "").strip();
      if (!command.isEmpty() && !command.startsWith("#")) {
        lines.add(command);
      }
    }
    return lines;
  }
}
