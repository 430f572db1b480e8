package dev.daprcompute.cli;

import dev.daprcompute.function.token.PublicKeyException;
import dev.daprcompute.function.token.TokenRejectedException;
import dev.daprcompute.function.token.TokenVerifier;
import dev.daprcompute.function.token.VerifiedToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code verify}: checks a token as a function does, with the function SDK's verifier. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    header = "Verifies a token as a function does and prints its claims.",
    description = {
      "Verifies a token as a function does (signature, issuer, audience, expiry) and prints its claims.",
      "Give the token as an argument, or '-' to read it from standard input (which keeps it out of the shell's"
          + " history):",
      "  dapr-compute token -d resources | dapr-compute verify --public-key keys/orders-fn-jwks.json"
          + " --audience orders-fn -",
      "Exits 1 with the reason when the token is rejected."
    },
    exitCodeListHeading = Failures.EXIT_CODE_HEADING,
    exitCodeList = {"0:the token is valid", "1:the token is rejected", Failures.EXIT_USAGE})
final class VerifyCommand extends BaseCommand {

  @Option(
      names = "--public-key",
      required = true,
      paramLabel = "FILE",
      description = "the component's public key: PEM, a JWK or a JWK Set (as 'keygen' writes them)")
  @Nullable Path publicKey;

  @Option(
      names = "--audience",
      required = true,
      paramLabel = "AUDIENCE",
      description = "the audience the function accepts; repeat to accept several")
  List<String> audiences = new ArrayList<>();

  @Parameters(
      index = "0",
      paramLabel = "TOKEN",
      description =
          "the token (a leading 'Bearer ' is ignored), or - to read it from standard input")
  @Nullable String token;

  @Override
  int run(Console console) {
    Path file = Objects.requireNonNull(publicKey);
    String keys;
    try {
      keys = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw CliException.usage("--public-key " + file + ": the file does not exist");
    } catch (IOException e) {
      // Exit 1 means "rejected" here: a key that cannot be read is a usage problem.
      throw CliException.usage(
          "--public-key " + file + ": cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    TokenVerifier verifier;
    try {
      verifier =
          TokenVerifier.builder()
              .publicKeys(keys)
              .audience(audiences.toArray(String[]::new))
              .build();
    } catch (PublicKeyException e) {
      throw CliException.usage("--public-key " + file + ": " + e.getMessage());
    }
    String compact =
        Objects.requireNonNull(token).equals("-") ? readStandardInput() : token.strip();
    if (compact.regionMatches(true, 0, "Bearer ", 0, 7)) {
      compact = compact.substring(7).strip();
    }
    VerifiedToken verified;
    try {
      verified = verifier.verifyToken(compact);
    } catch (TokenRejectedException e) {
      if (console.isJson()) {
        Map<String, Object> json = Console.object();
        json.put("valid", false);
        json.put("reason", e.description());
        console.json(json);
      }
      console.note("dapr-compute verify: token rejected: " + e.description());
      return Failures.FAILED;
    }
    Map<String, Object> claims = Console.object();
    claims.put("issuer", verified.issuer());
    claims.put("audience", verified.audience());
    claims.put("subject", verified.subject());
    claims.put("issuedAt", verified.issuedAt().toString());
    claims.put("notBefore", verified.notBefore().toString());
    claims.put("expiresAt", verified.expiresAt().toString());
    claims.put("keyId", verified.keyId());
    claims.put("algorithm", verified.algorithm());
    claims.put("jwtId", verified.jwtId());
    if (console.isJson()) {
      Map<String, Object> json = Console.object();
      json.put("valid", true);
      json.putAll(claims);
      console.json(json);
    } else {
      console.println("valid token");
      List<List<String>> rows = new ArrayList<>();
      claims.forEach(
          (name, value) ->
              rows.add(
                  List.of(
                      "  " + name,
                      value == null
                          ? "-"
                          : value instanceof List<?> l
                              ? String.join(", ", l.stream().map(String::valueOf).toList())
                              : value.toString())));
      console.table(List.of("  CLAIM", "VALUE"), rows);
    }
    return Failures.OK;
  }

  /** The token from standard input: its first non-blank line. */
  private String readStandardInput() {
    String text;
    try {
      text = new String(stdin().readAllBytes(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw CliException.usage(
          "TOKEN is '-', but standard input cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    return text.lines()
        .map(String::strip)
        .filter(line -> !line.isEmpty())
        .findFirst()
        .orElseThrow(
            () ->
                CliException.usage(
                    "TOKEN is '-', but standard input holds no token: pipe one in, such as"
                        + " 'dapr-compute token -d resources | dapr-compute verify ... -'"));
  }
}
