package dev.daprcompute.cli;

import dev.daprcompute.api.token.SigningKey;
import dev.daprcompute.testkit.HttpPlatformFake;
import dev.daprcompute.testkit.ReferenceFunction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A reference function behind {@link HttpPlatformFake}, and real resource files for a {@code
 * compute.http} component 'orders' that reaches it: the component YAML (its key by {@code
 * secretKeyRef} from a secrets directory), and a Configuration that selects it.
 */
final class FunctionFixture implements AutoCloseable {
  static final String COMPONENT = "orders";
  static final String AUDIENCE = "orders-fn";

  final HttpPlatformFake fake;
  final SigningKey componentKey;
  final Path resources;
  final Path secrets;
  final Path config;

  private FunctionFixture(
      HttpPlatformFake fake, SigningKey componentKey, Path resources, Path secrets, Path config) {
    this.fake = fake;
    this.componentKey = componentKey;
    this.resources = resources;
    this.secrets = secrets;
    this.config = config;
  }

  static Builder in(Path dir) {
    return new Builder(dir);
  }

  /** {@code command}, the flags that select this component, then {@code more}. */
  String[] args(String command, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                command,
                "--resources-path",
                resources.toString(),
                "--config",
                config.toString(),
                "--secrets-dir",
                secrets.toString()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  /** The base64 body of the component's private key PEM: it must never be printed. */
  String privateKeyBody() {
    return componentKey
        .privateKeyPem()
        .replace("-----BEGIN PRIVATE KEY-----", "")
        .replace("-----END PRIVATE KEY-----", "")
        .replaceAll("\\s", "");
  }

  @Override
  public void close() {
    fake.close();
  }

  /** Options of the fixture. */
  static final class Builder {
    private final Path dir;
    private SigningKey functionKey = SigningKey.generateEd25519();
    private SigningKey componentKey = functionKey;
    private boolean audience = true;
    private String initTimeout = "5s";

    private Builder(Path dir) {
      this.dir = dir;
    }

    /** The component signs with {@code key} while the function trusts another: auth fails. */
    Builder untrustedComponentKey() {
      this.componentKey = SigningKey.generateEd25519();
      return this;
    }

    /** Both sides use {@code key}. */
    Builder key(SigningKey key) {
      this.functionKey = key;
      this.componentKey = key;
      return this;
    }

    /** No audience metadata: compute.http's default, the endpoint URL, applies. */
    Builder withoutAudience() {
      this.audience = false;
      return this;
    }

    Builder initTimeout(String initTimeout) {
      this.initTimeout = initTimeout;
      return this;
    }

    FunctionFixture start() throws IOException {
      HttpPlatformFake fake =
          HttpPlatformFake.start(
              ReferenceFunction.create(audience ? AUDIENCE : "unused-audience", functionKey));
      try {
        Path resources = Files.createDirectories(dir.resolve("resources"));
        Path secrets = Files.createDirectories(dir.resolve("secrets").resolve("orders-fn"));
        Files.writeString(
            secrets.resolve("key"), componentKey.privateKeyPem(), StandardCharsets.US_ASCII);
        Files.writeString(
            resources.resolve("orders.yaml"),
            """
            apiVersion: dapr.io/v1alpha1
            kind: Component
            metadata:
              name: %s
            spec:
              type: compute.http
              version: v1
              initTimeout: %s
              metadata:
              - name: endpoint
                value: %s
            %s  - name: key
                secretKeyRef:
                  name: orders-fn
                  key: key
            """
                .formatted(
                    COMPONENT,
                    initTimeout,
                    fake.endpoint(),
                    audience ? "  - name: audience\n    value: " + AUDIENCE + "\n" : ""),
            StandardCharsets.UTF_8);
        Path config = dir.resolve("config.yaml");
        Files.writeString(
            config,
            """
            apiVersion: dapr.io/v1alpha1
            kind: Configuration
            metadata:
              name: app-config
            spec:
              compute:
                name: orders
                type: compute.http
            """,
            StandardCharsets.UTF_8);
        return new FunctionFixture(fake, componentKey, resources, secrets.getParent(), config);
      } catch (IOException | RuntimeException e) {
        fake.close();
        throw e;
      }
    }
  }
}
