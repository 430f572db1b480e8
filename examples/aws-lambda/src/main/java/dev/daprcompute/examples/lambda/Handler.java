package dev.daprcompute.examples.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.daprcompute.function.FunctionRouter;
import dev.daprcompute.function.LambdaFunctionAdapter;
import dev.daprcompute.function.token.TokenVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The Lambda handler ({@code dev.daprcompute.examples.lambda.Handler::handleRequest}): reads the
 * API Gateway v2.0 event that both the Invoke API (mode {@code invoke} of {@code
 * compute.aws.lambda}) and a Function URL (mode {@code url}) deliver, verifies the component's
 * token, and answers with a v2.0 response.
 *
 * <p>Configuration comes from environment variables, read once per execution environment (Lambda
 * creates the handler once and reuses it):
 *
 * <ul>
 *   <li>{@code DAPR_COMPUTE_PUBLIC_KEY} (required): the component's public key, as an SPKI PEM, a
 *       JWK or a JWK Set (several keys during a rotation);
 *   <li>{@code DAPR_COMPUTE_AUDIENCE}: the audience the component signs for; default the function's
 *       name ({@code AWS_LAMBDA_FUNCTION_NAME}), which is the component's default too.
 * </ul>
 *
 * <p>Its info document reports the function SDK's version ({@code FunctionRouter.SDK_VERSION}, the
 * version of compute-function it was built with), which a component's {@code minVersion} is
 * compared with.
 */
public final class Handler implements RequestStreamHandler {
  private final LambdaFunctionAdapter adapter;

  /** What Lambda's Java runtime calls. */
  public Handler() {
    this(System.getenv());
  }

  /** A handler configured from {@code env}, for tests. */
  Handler(Map<String, String> env) {
    String publicKey = env.get("DAPR_COMPUTE_PUBLIC_KEY");
    if (publicKey == null || publicKey.isBlank()) {
      throw new IllegalStateException(
          "DAPR_COMPUTE_PUBLIC_KEY is not set: set it to the component's public key "
              + "(the output of 'dapr-compute keygen', or a JWK Set), for example from AWS Secrets Manager at deploy time");
    }
    String audience =
        env.getOrDefault("DAPR_COMPUTE_AUDIENCE", env.get("AWS_LAMBDA_FUNCTION_NAME"));
    if (audience == null || audience.isBlank()) {
      throw new IllegalStateException(
          "neither DAPR_COMPUTE_AUDIENCE nor AWS_LAMBDA_FUNCTION_NAME is set: "
              + "set DAPR_COMPUTE_AUDIENCE to the component's audience (default: the function's name)");
    }
    TokenVerifier verifier =
        TokenVerifier.builder().publicKeys(publicKey).audience(audience).build();
    FunctionRouter router = FunctionRouter.builder(new OrdersFunction()).verifier(verifier).build();
    this.adapter = new LambdaFunctionAdapter(router);
  }

  /** One invocation: a v2.0 event in, a v2.0 response out. */
  @Override
  public void handleRequest(InputStream input, OutputStream output, @Nullable Context context)
      throws IOException {
    String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
    output.write(adapter.handle(event).getBytes(StandardCharsets.UTF_8));
  }
}
