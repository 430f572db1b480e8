package dev.daprcompute.examples.openfaas;

import dev.daprcompute.function.FunctionHttpServer;
import dev.daprcompute.function.FunctionRouter;
import dev.daprcompute.function.token.TokenVerifier;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The function's process: compute-function's HTTP host on loopback, where of-watchdog (HTTP mode,
 * {@code upstream_url=http://127.0.0.1:8082}) forwards every request the OpenFaaS gateway hands the
 * function. The gateway strips {@code /function/<name>}, so the router sees the protocol's paths.
 * Configuration, read once at start:
 *
 * <ul>
 *   <li>the component's public key (PEM, JWK or JWK Set): the OpenFaaS secret {@value
 *       #DEFAULT_PUBLIC_KEY_SECRET} (mounted at {@code /var/openfaas/secrets/<name>}; {@code
 *       DAPR_COMPUTE_PUBLIC_KEY_SECRET} names another), or else the environment variable {@code
 *       DAPR_COMPUTE_PUBLIC_KEY};
 *   <li>{@code DAPR_COMPUTE_AUDIENCE} (required): the audience the component signs for, by default
 *       its {@code functionName}, so set it to the function's name in {@code stack.yml};
 *   <li>{@code DAPR_COMPUTE_PORT}: the loopback port to listen on, default {@value #DEFAULT_PORT}.
 * </ul>
 */
public final class Main {
  private static final Logger log = LoggerFactory.getLogger(Main.class);

  /** Where OpenFaaS mounts a function's secrets. */
  static final Path SECRETS = Path.of("/var/openfaas/secrets");

  /**
   * The secret that holds the public key, unless {@code DAPR_COMPUTE_PUBLIC_KEY_SECRET} names
   * another.
   */
  static final String DEFAULT_PUBLIC_KEY_SECRET = "dapr-compute-public-key";

  /** of-watchdog's {@code upstream_url} port in the Dockerfile. */
  static final int DEFAULT_PORT = 8082;

  private Main() {}

  /**
   * What the process needs, checked.
   *
   * @param publicKeys the public key(s), as text
   * @param audience the token audience
   * @param port the loopback port
   */
  record Settings(String publicKeys, String audience, int port) {

    /**
     * Reads {@code env} and the secrets under {@code secrets}.
     *
     * @throws IllegalStateException naming what is missing and how to give it
     */
    static Settings read(Map<String, String> env, Path secrets) {
      String secretName =
          env.getOrDefault("DAPR_COMPUTE_PUBLIC_KEY_SECRET", DEFAULT_PUBLIC_KEY_SECRET);
      String publicKeys = readSecret(secrets.resolve(secretName));
      if (publicKeys == null) {
        publicKeys = env.get("DAPR_COMPUTE_PUBLIC_KEY");
      }
      if (publicKeys == null || publicKeys.isBlank()) {
        throw new IllegalStateException(
            "no public key: neither the OpenFaaS secret "
                + secrets.resolve(secretName)
                + " nor DAPR_COMPUTE_PUBLIC_KEY is there. Create the secret from the component's public key"
                + " (faas-cli secret create "
                + secretName
                + " --from-file keys/orders-fn-jwks.json) and list it under"
                + " the function's secrets in stack.yml");
      }
      String audience = env.get("DAPR_COMPUTE_AUDIENCE");
      if (audience == null || audience.isBlank()) {
        throw new IllegalStateException(
            "DAPR_COMPUTE_AUDIENCE is not set: set it in stack.yml's environment to the"
                + " component's audience, which is its functionName unless the component sets audience");
      }
      String port = env.getOrDefault("DAPR_COMPUTE_PORT", Integer.toString(DEFAULT_PORT));
      try {
        return new Settings(publicKeys, audience.strip(), Integer.parseInt(port.strip()));
      } catch (NumberFormatException e) {
        throw new IllegalStateException(
            "DAPR_COMPUTE_PORT '"
                + port
                + "' is not a port number: match of-watchdog's"
                + " upstream_url",
            e);
      }
    }

    private static @Nullable String readSecret(Path file) {
      try {
        return Files.readString(file, StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        return null;
      } catch (IOException e) {
        throw new IllegalStateException(
            "the secret " + file + " cannot be read: " + e.getMessage(), e);
      }
    }
  }

  /** The router: the component's token verified on every request, then {@link OrdersFunction}. */
  static FunctionRouter router(Settings settings) {
    TokenVerifier verifier =
        TokenVerifier.builder()
            .publicKeys(settings.publicKeys())
            .audience(settings.audience())
            .build();
    return FunctionRouter.builder(new OrdersFunction()).verifier(verifier).build();
  }

  /** Serves the router on loopback at the settings' port (0 picks a free one). */
  static FunctionHttpServer start(Settings settings) throws IOException {
    return FunctionHttpServer.builder(router(settings))
        .address(new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port()))
        .start();
  }

  /** Starts the host and serves until the container stops. */
  public static void main(String[] args) throws Exception {
    Settings settings = Settings.read(System.getenv(), SECRETS);
    FunctionHttpServer server = start(settings);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "function-shutdown"));
    log.info(
        "serving the dapr-compute protocol at {} for audience '{}'",
        server.baseUrl(),
        settings.audience());
    stopped.await();
  }
}
