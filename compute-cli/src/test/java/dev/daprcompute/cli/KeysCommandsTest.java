package dev.daprcompute.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.daprcompute.api.token.SigningKey;
import dev.daprcompute.api.token.TokenSigner;
import dev.daprcompute.function.token.TokenVerifier;
import dev.daprcompute.testkit.AwsLambdaFake;
import dev.daprcompute.testkit.ReferenceFunction;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("dapr-compute keygen, token and verify")
class KeysCommandsTest {
  @TempDir Path dir;

  @Test
  @DisplayName(
      "keygen writes the private key (mode 600), the public PEM, JWK and JWK Set, and prints the kid")
  void keygen() throws Exception {
    Path out = dir.resolve("keys");
    Cli.Result result = Cli.run("keygen", "--out", out.toString());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    Path privatePem = out.resolve("dapr-compute-private.pem");
    SigningKey key = SigningKey.parse(Files.readString(privatePem));
    assertThat(result.out()).contains("kid: " + key.keyId()).contains(privatePem.toString());
    assertThat(result.all()).doesNotContain(body(key)).doesNotContain("PRIVATE KEY");
    assertThat(Files.readString(out.resolve("dapr-compute-public.pem")))
        .isEqualTo(key.publicKeyPem());
    assertThat(Files.readString(out.resolve("dapr-compute-public.jwk.json")).strip())
        .isEqualTo(key.publicJwk());
    assertThat(Files.readString(out.resolve("dapr-compute-jwks.json")).strip())
        .isEqualTo(key.publicJwkSet());

    // Each public form verifies a token the private key signed.
    String token = new TokenSigner(key).token("fn", null);
    for (String file :
        new String[] {
          "dapr-compute-public.pem", "dapr-compute-public.jwk.json", "dapr-compute-jwks.json"
        }) {
      TokenVerifier verifier =
          TokenVerifier.builder()
              .publicKeys(Files.readString(out.resolve(file)))
              .audience("fn")
              .build();
      assertThat(verifier.verifyToken(token).keyId()).as(file).isEqualTo(key.keyId());
    }

    assumeThat(FileSystems.getDefault().supportedFileAttributeViews())
        .as("POSIX permissions")
        .contains("posix");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privatePem)))
        .isEqualTo("rw-------");
  }

  @Test
  @DisplayName(
      "keygen refuses to overwrite existing files without --force, and replaces them with it")
  void keygenNoOverwrite() throws Exception {
    Path out = dir.resolve("keys");
    assertThat(Cli.run("keygen", "--out", out.toString()).exitCode()).isZero();
    Path privatePem = out.resolve("dapr-compute-private.pem");
    String first = Files.readString(privatePem);

    Cli.Result refused = Cli.run("keygen", "--out", out.toString());
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
    assertThat(refused.err())
        .contains("refusing to overwrite")
        .contains(privatePem.toString())
        .contains("--force");
    assertThat(Files.readString(privatePem)).isEqualTo(first);

    Cli.Result forced = Cli.run("keygen", "--out", out.toString(), "--force", "--output", "json");
    assertThat(forced.exitCode()).as(forced.toString()).isZero();
    String second = Files.readString(privatePem);
    assertThat(second).isNotEqualTo(first);
    assertThat(forced.json().path("kid").asText()).isEqualTo(SigningKey.parse(second).keyId());
  }

  @Test
  @DisplayName(
      "token signs for the component's audience with its key; verify accepts it with keygen's public key")
  void tokenVerifyRoundTrip() throws Exception {
    Path keys = dir.resolve("keys");
    assertThat(Cli.run("keygen", "--out", keys.toString()).exitCode()).isZero();
    SigningKey key = SigningKey.parse(Files.readString(keys.resolve("dapr-compute-private.pem")));
    try (FunctionFixture fixture = FunctionFixture.in(dir.resolve("app")).key(key).start()) {
      Cli.Result token = Cli.run(fixture.args("token", "--app-id", "checkout"));
      assertThat(token.exitCode()).as(token.toString()).isZero();
      assertThat(token.err()).contains("audience 'orders-fn'").contains(key.keyId());

      Cli.Result verified =
          Cli.run(
              "verify",
              "--public-key",
              keys.resolve("dapr-compute-public.pem").toString(),
              "--audience",
              FunctionFixture.AUDIENCE,
              token.out().strip());
      assertThat(verified.exitCode()).as(verified.toString()).isZero();
      assertThat(verified.out())
          .contains("valid token")
          .containsPattern("issuer\\s+dapr.io/compute")
          .containsPattern("subject\\s+checkout")
          .containsPattern("keyId\\s+" + key.keyId());

      JsonNode json =
          Cli.run(
                  "verify",
                  "--public-key",
                  keys.resolve("dapr-compute-jwks.json").toString(),
                  "--audience",
                  FunctionFixture.AUDIENCE,
                  "--output",
                  "json",
                  "Bearer " + token.out().strip())
              .json();
      assertThat(json.path("valid").asBoolean()).isTrue();
      assertThat(json.path("audience").get(0).asText()).isEqualTo(FunctionFixture.AUDIENCE);
    }
  }

  @Test
  @DisplayName("verify rejects a tampered token with the reason, and a token for another audience")
  void verifyRejects() throws Exception {
    SigningKey key = SigningKey.generateEd25519();
    Path publicKey = Files.writeString(dir.resolve("public.pem"), key.publicKeyPem());
    String token = new TokenSigner(key).token("orders-fn", "checkout");
    String[] parts = token.split("\\.");
    String claims =
        new String(
                java.util.Base64.getUrlDecoder().decode(parts[1]),
                java.nio.charset.StandardCharsets.UTF_8)
            .replace("checkout", "attacker");
    String tampered =
        parts[0]
            + "."
            + java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(claims.getBytes(java.nio.charset.StandardCharsets.UTF_8))
            + "."
            + parts[2];

    Cli.Result rejected =
        Cli.run(
            "verify", "--public-key", publicKey.toString(), "--audience", "orders-fn", tampered);
    assertThat(rejected.exitCode()).as(rejected.toString()).isEqualTo(1);
    assertThat(rejected.err()).contains("token rejected: bad signature").doesNotContain("\tat ");

    Cli.Result otherAudience =
        Cli.run("verify", "--public-key", publicKey.toString(), "--audience", "payments-fn", token);
    assertThat(otherAudience.exitCode()).isEqualTo(1);
    assertThat(otherAudience.err()).contains("token rejected").contains("audience");

    Cli.Result missingKey =
        Cli.run(
            "verify", "--public-key", dir.resolve("none.pem").toString(), "--audience", "a", token);
    assertThat(missingKey.exitCode()).isEqualTo(2);
    assertThat(missingKey.err()).contains("none.pem");
  }

  @Test
  @DisplayName(
      "token defaults compute.http's audience to the endpoint URL, and refuses a lifetime over 1h")
  void tokenDefaults() throws Exception {
    try (FunctionFixture fixture = FunctionFixture.in(dir).withoutAudience().start()) {
      JsonNode json = Cli.run(fixture.args("token", "--output", "json", "--lifetime", "5m")).json();
      assertThat(json.path("audience").asText()).isEqualTo(fixture.fake.endpoint());
      assertThat(json.path("kid").asText()).isEqualTo(fixture.componentKey.keyId());
      String token = json.path("token").asText();
      assertThat(
              TokenVerifier.builder()
                  .publicKeys(fixture.componentKey.publicKeyPem())
                  .audience(fixture.fake.endpoint())
                  .build()
                  .verifyToken(token)
                  .subject())
          .isNull();

      Cli.Result tooLong = Cli.run(fixture.args("token", "--lifetime", "2h"));
      assertThat(tooLong.exitCode()).isEqualTo(2);
      assertThat(tooLong.err()).contains("longer than 1h");
    }
  }

  @Test
  @DisplayName("verify - reads the token from standard input, as 'token | verify ... -' pipes it")
  void verifyFromStandardInput() throws Exception {
    SigningKey key = SigningKey.generateEd25519();
    Path publicKey = Files.writeString(dir.resolve("public.pem"), key.publicKeyPem());
    String token = new TokenSigner(key).token("orders-fn", "checkout");

    Cli.Result piped =
        Cli.runWithInput(
            Map.of(),
            "\n" + token + "\n",
            "verify",
            "--public-key",
            publicKey.toString(),
            "--audience",
            "orders-fn",
            "-");
    assertThat(piped.exitCode()).as(piped.toString()).isZero();
    assertThat(piped.out()).containsPattern("subject\\s+checkout");

    Cli.Result empty =
        Cli.runWithInput(
            Map.of(), "", "verify", "--public-key", publicKey.toString(), "--audience", "a", "-");
    assertThat(empty.exitCode()).isEqualTo(2);
    assertThat(empty.err()).contains("standard input holds no token");
  }

  @Test
  @DisplayName("verify -o json of a rejected token prints one JSON document and exits 1")
  void verifyRejectedJson() throws Exception {
    SigningKey key = SigningKey.generateEd25519();
    Path publicKey = Files.writeString(dir.resolve("public.pem"), key.publicKeyPem());
    String token = new TokenSigner(key).token("orders-fn", null);

    Cli.Result result =
        Cli.run(
            "verify",
            "--public-key",
            publicKey.toString(),
            "--audience",
            "payments-fn",
            "-o",
            "json",
            token);
    assertThat(result.exitCode()).isEqualTo(1);
    JsonNode json = result.json(); // fails when stdout holds two documents
    assertThat(json.path("valid").asBoolean(true)).isFalse();
    assertThat(json.path("reason").asText()).contains("audience");
  }

  @Test
  @DisplayName("keygen exits 2, not 1, when --out cannot be written: it calls no function")
  void keygenCannotWrite() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    Cli.Result result = Cli.run("keygen", "--out", file.resolve("keys").toString());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err()).contains("cannot write the key files").contains(file.toString());
  }

  @Test
  @DisplayName(
      "token on the documented Lambda component (no audience) signs for the bare function name,"
          + " the audience the component's own init uses")
  void tokenLambdaDefaultAudience() throws Exception {
    SigningKey key = SigningKey.generateEd25519();
    try (AwsLambdaFake lambda = AwsLambdaFake.start(ReferenceFunction.create("orders-fn", key))) {
      Path resources = Files.createDirectories(dir.resolve("resources"));
      Path secrets =
          Files.createDirectories(dir.resolve("secrets").resolve("orders-fn-signing-key"));
      Files.writeString(secrets.resolve("private.pem"), key.privateKeyPem());
      // docs/aws-lambda.md's component, with an ARN and a qualifier, pointed at the fake.
      Files.writeString(
          resources.resolve("orders-fn.yaml"),
          """
          apiVersion: dapr.io/v1alpha1
          kind: Component
          metadata:
            name: orders-fn
          spec:
            type: compute.aws.lambda
            version: v1
            metadata:
            - name: functionName
              value: %s:live
            - name: endpoint
              value: %s
            - name: accessKey
              secretKeyRef: {name: AWS_ACCESS_KEY_ID}
            - name: secretKey
              secretKeyRef: {name: AWS_SECRET_ACCESS_KEY}
            - name: key
              secretKeyRef:
                name: orders-fn-signing-key
                key: private.pem
          auth:
            secretStore: kubernetes
          """
              .formatted(lambda.functionArn(), lambda.endpoint()));
      Map<String, String> env =
          Map.of(
              "AWS_ACCESS_KEY_ID",
              lambda.accessKeyId(),
              "AWS_SECRET_ACCESS_KEY",
              lambda.secretAccessKey());
      String[] component = {
        "--resources-path", resources.toString(), "--secrets-dir", secrets.getParent().toString()
      };

      Cli.Result token = Cli.run(env, concat(new String[] {"token", "-o", "json"}, component));
      assertThat(token.exitCode()).as(token.toString()).isZero();
      assertThat(token.json().path("audience").asText()).isEqualTo("orders-fn");

      // The component itself: init's auth check passes only with the audience the function accepts.
      Cli.Result check = Cli.run(env, concat(new String[] {"check"}, component));
      assertThat(check.exitCode()).as(check.toString()).isZero();
      assertThat(check.out()).contains("audience 'orders-fn'");
    }
  }

  private static String[] concat(String[] first, String[] second) {
    String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, all, first.length, second.length);
    return all;
  }

  private static String body(SigningKey key) {
    return key.privateKeyPem().replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
  }
}
