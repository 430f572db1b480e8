package dev.daprcompute.cli;

import dev.daprcompute.api.token.SigningKey;
import dev.daprcompute.function.FunctionHandler;
import dev.daprcompute.function.FunctionHttpServer;
import dev.daprcompute.function.FunctionRouter;
import dev.daprcompute.function.token.TokenVerifier;
import dev.daprcompute.protocol.InvokeRequest;
import dev.daprcompute.protocol.InvokeResponse;
import dev.daprcompute.protocol.Payload;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A function on loopback (compute-function's router and HTTP host) whose method {@code hold}
 * answers only once the test releases it: a call in flight for as long as a test needs one, with no
 * sleeps. Any other method answers 200 {@code ok} at once. Also writes the resource files of a
 * {@code compute.http} component 'orders' that reaches it.
 */
final class HoldingFunction implements AutoCloseable, FunctionHandler {
  static final String AUDIENCE = "orders-fn";

  final CountDownLatch arrived = new CountDownLatch(1);
  final CountDownLatch release = new CountDownLatch(1);
  final SigningKey key = SigningKey.generateEd25519();
  final FunctionHttpServer server;

  HoldingFunction() throws IOException {
    FunctionRouter router =
        FunctionRouter.builder(this)
            .verifier(
                TokenVerifier.builder().publicKeys(key.publicJwkSet()).audience(AUDIENCE).build())
            .build();
    this.server = FunctionHttpServer.startOnLoopback(router);
  }

  @Override
  public InvokeResponse onInvoke(InvokeRequest request) throws InterruptedException {
    if (request.method().equals("hold")) {
      arrived.countDown();
      if (!release.await(60, TimeUnit.SECONDS)) {
        return InvokeResponse.status(504);
      }
      return InvokeResponse.ok(Payload.ofUtf8("released"), "text/plain");
    }
    return InvokeResponse.ok(Payload.ofUtf8("ok"), "text/plain");
  }

  /**
   * {@code dir/resources/orders.yaml}, {@code dir/config.yaml} and the key in {@code
   * dir/secrets/orders-fn/key}; returns the arguments that select them.
   */
  String[] writeResources(Path dir) throws IOException {
    Path resources = Files.createDirectories(dir.resolve("resources"));
    Path secrets = Files.createDirectories(dir.resolve("secrets").resolve("orders-fn"));
    Files.writeString(secrets.resolve("key"), key.privateKeyPem(), StandardCharsets.US_ASCII);
    Files.writeString(
        resources.resolve("orders.yaml"),
        """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: orders
        spec:
          type: compute.http
          version: v1
          initTimeout: 20s
          metadata:
          - name: endpoint
            value: %s
          - name: audience
            value: %s
          - name: key
            secretKeyRef:
              name: orders-fn
              key: key
        """
            .formatted(server.baseUrl(), AUDIENCE),
        StandardCharsets.UTF_8);
    return new String[] {
      "--resources-path", resources.toString(), "--secrets-dir", secrets.getParent().toString()
    };
  }

  @Override
  public void close() {
    release.countDown();
    server.close();
  }
}
