package dev.daprcompute.examples.azure;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import dev.daprcompute.function.FunctionRouter;
import dev.daprcompute.function.token.TokenVerifier;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The function {@code dapr}: an HTTP trigger with authLevel {@code function} and the catch-all
 * route {@code dapr/{*path}}, so that {@code https://<app>.azurewebsites.net/api/dapr} is the
 * component's {@code endpoint} and every protocol path below it reaches {@link #run}. The Functions
 * host checks the function key ({@code x-functions-key}); the router checks the component's token.
 *
 * <p>Configuration comes from app settings (environment variables), read once per worker:
 *
 * <ul>
 *   <li>{@code DAPR_COMPUTE_PUBLIC_KEY} (required): the component's public key, as an SPKI PEM, a
 *       JWK or a JWK Set (several keys during a rotation);
 *   <li>{@code DAPR_COMPUTE_AUDIENCE}: the audience the component signs for; default the function's
 *       name, {@code dapr}, which is the component's default too (the last segment of its
 *       endpoint);
 *   <li>{@code DAPR_COMPUTE_BASE_PATH}: where the catch-all route starts; default {@code /api/dapr}
 *       (change it with host.json's {@code routePrefix}).
 * </ul>
 *
 * <p>The trigger's binding is written out in {@code dapr/function.json}, as the Azure Functions
 * Maven plugin would generate it from these annotations ({@code FunctionAppLayoutTest} keeps the
 * two the same).
 */
public final class DaprFunction {
  /** The function's name, the route's fixed part, and the default audience. */
  static final String NAME = "dapr";

  private static volatile @Nullable AzureHttp shared;

  private final @Nullable AzureHttp configured;

  /** What the Java worker creates: configured from the app's settings on first use. */
  public DaprFunction() {
    this.configured = null;
  }

  /** A function configured from {@code env}, for tests. */
  DaprFunction(Map<String, String> env) {
    this.configured = host(env);
  }

  /** Every request of the trigger. */
  @FunctionName(NAME)
  public HttpResponseMessage run(
      @HttpTrigger(
              name = "request",
              authLevel = AuthorizationLevel.FUNCTION,
              route = NAME + "/{*path}",
              dataType = "binary")
          HttpRequestMessage<Optional<byte[]>> request,
      ExecutionContext context) {
    return (configured != null ? configured : shared()).handle(request);
  }

  /**
   * The host for the worker's settings, made once (a failure is thrown again on the next call, not
   * kept).
   */
  private static AzureHttp shared() {
    AzureHttp host = shared;
    if (host == null) {
      synchronized (DaprFunction.class) {
        host = shared;
        if (host == null) {
          host = host(System.getenv());
          shared = host;
        }
      }
    }
    return host;
  }

  /**
   * @throws IllegalStateException when {@code DAPR_COMPUTE_PUBLIC_KEY} is missing, naming it
   */
  static AzureHttp host(Map<String, String> env) {
    String publicKey = env.get("DAPR_COMPUTE_PUBLIC_KEY");
    if (publicKey == null || publicKey.isBlank()) {
      throw new IllegalStateException(
          "DAPR_COMPUTE_PUBLIC_KEY is not set: add an app setting with the component's "
              + "public key (the output of 'dapr-compute keygen', or a JWK Set), for example as a Key Vault reference");
    }
    String audience = setting(env, "DAPR_COMPUTE_AUDIENCE", NAME);
    TokenVerifier verifier =
        TokenVerifier.builder().publicKeys(publicKey).audience(audience).build();
    FunctionRouter router = FunctionRouter.builder(new StockFunction()).verifier(verifier).build();
    return new AzureHttp(router, setting(env, "DAPR_COMPUTE_BASE_PATH", "/api/" + NAME));
  }

  private static String setting(Map<String, String> env, String name, String fallback) {
    String value = env.get(name);
    return value == null || value.isBlank() ? fallback : value.strip();
  }
}
