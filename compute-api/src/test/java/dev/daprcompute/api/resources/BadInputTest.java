package dev.daprcompute.api.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.daprcompute.api.ComputeConfigurationException;
import dev.daprcompute.api.ComputeContext;
import dev.daprcompute.api.ComputeProviders;
import dev.daprcompute.api.token.SigningKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input, from files to the real compute.http provider: every error names the file, the
 * component and the field, says how to fix it, and never prints key material.
 */
@DisplayName("bad input names the file, the component and the field, and shows no key")
class BadInputTest {
  @TempDir Path dir;

  private static final String COMPONENT =
      """
      apiVersion: dapr.io/v1alpha1
      kind: Component
      metadata:
        name: orders-fn
      spec:
        type: %s
        version: %s
        metadata:
        - name: endpoint
          value: https://orders.example.com/dapr
        - name: key
          secretKeyRef:
            name: signing
            key: private.pem
      """;

  private ComputeConfigurationException load(String type, String version, String key)
      throws IOException {
    Path resources = Files.createDirectories(dir.resolve("resources"));
    Files.writeString(resources.resolve("orders-fn.yaml"), COMPONENT.formatted(type, version));
    Path secrets = Files.createDirectories(dir.resolve("secrets").resolve("signing"));
    Files.writeString(secrets.resolve("private.pem"), key, StandardCharsets.US_ASCII);
    Throwable thrown =
        catchThrowable(
            () ->
                ComputeLoader.builder()
                    .resourcesPath(resources)
                    .secretResolver(SecretResolver.files(dir.resolve("secrets")))
                    .providers(ComputeProviders.load())
                    .context(ComputeContext.defaults())
                    .build()
                    .load()
                    .close());
    assertThat(thrown).isInstanceOf(ComputeConfigurationException.class);
    return (ComputeConfigurationException) thrown;
  }

  private String file() {
    return dir.resolve("resources").resolve("orders-fn.yaml").toString();
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static String body(String pem) {
    return pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
  }

  @Test
  @DisplayName("an unknown type suggests the closest one and lists the types")
  void unknownType() throws IOException {
    ComputeConfigurationException e =
        load("compute.aws.lamda", "v1", SigningKey.generateEd25519().privateKeyPem());
    assertThat(e.getMessage())
        .contains(file())
        .contains("component 'orders-fn'")
        .contains("spec.type")
        .contains("compute.aws.lamda")
        .contains("did you mean 'compute.aws.lambda'")
        .contains("compute.http");
  }

  @Test
  @DisplayName("a provider type known to the project but not on the classpath names its artifact")
  void missingArtifact() throws IOException {
    ComputeConfigurationException e =
        load("compute.openfaas", "v1", SigningKey.generateEd25519().privateKeyPem());
    assertThat(e.getMessage())
        .contains(file())
        .contains("orders-fn")
        .contains("dev.daprcompute:compute-openfaas");
  }

  @Test
  @DisplayName("a wrong version names spec.version and the versions available")
  void wrongVersion() throws IOException {
    ComputeConfigurationException e =
        load("compute.http", "v2", SigningKey.generateEd25519().privateKeyPem());
    assertThat(e.getMessage())
        .contains(file())
        .contains("orders-fn")
        .contains("spec.version")
        .contains("v1");
  }

  @Test
  @DisplayName("a corrupt PEM names the key field and prints none of it")
  void corruptPem() throws IOException {
    String corrupt =
        "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI!!!notbase64\n-----END PRIVATE KEY-----\n";
    ComputeConfigurationException e = load("compute.http", "v1", corrupt);
    assertThat(e.getMessage())
        .contains(file() + ":11")
        .contains("component 'orders-fn'")
        .contains("metadata 'key'")
        .contains("Fix:")
        .doesNotContain("notbase64");
  }

  @Test
  @DisplayName(
      "a public key where the private key belongs says which key goes where, and prints neither")
  void publicKeyInsteadOfPrivate() throws IOException {
    String publicPem = SigningKey.generateEd25519().publicKeyPem();
    ComputeConfigurationException e = load("compute.http", "v1", publicPem);
    assertThat(e.getMessage())
        .contains(file())
        .contains("metadata 'key'")
        .containsIgnoringCase("public")
        .containsIgnoringCase("private")
        .doesNotContain(body(publicPem));
  }

  @Test
  @DisplayName("a key of the wrong type (EC P-384) names the key field and prints none of it")
  void wrongKeyType() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp384r1"));
    String p384 = pem("PRIVATE KEY", generator.generateKeyPair().getPrivate().getEncoded());
    ComputeConfigurationException e = load("compute.http", "v1", p384);
    assertThat(e.getMessage())
        .contains(file())
        .contains("component 'orders-fn'")
        .contains("metadata 'key'")
        .doesNotContain(body(p384));
  }
}
