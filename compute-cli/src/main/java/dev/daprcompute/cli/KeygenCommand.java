package dev.daprcompute.cli;

import dev.daprcompute.api.token.SigningKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code keygen}: a new Ed25519 key pair, in every form the component and the function take. */
@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    header = "Generates an Ed25519 key pair for a component and its function.",
    description = {
      "Generates an Ed25519 key pair: the private key (PKCS#8 PEM, mode 600) for the component's"
          + " 'key' metadata, and the public key as PEM, JWK and JWK Set for the function.",
      "Prints the key id (kid) and where each file went; never prints the private key."
    },
    exitCodeListHeading = Failures.EXIT_CODE_HEADING,
    exitCodeList = {Failures.EXIT_OK, "2:bad usage, or the files cannot be written"})
final class KeygenCommand extends BaseCommand {
  static final String PRIVATE_PEM = "private.pem";
  static final String PUBLIC_PEM = "public.pem";
  static final String PUBLIC_JWK = "public.jwk.json";
  static final String PUBLIC_JWKS = "jwks.json";

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "the directory for the files (created if missing)")
  @Nullable Path out;

  @Option(
      names = "--name",
      paramLabel = "PREFIX",
      defaultValue = "dapr-compute",
      description =
          "the files' prefix: PREFIX-private.pem, PREFIX-public.pem, PREFIX-public.jwk.json,"
              + " PREFIX-jwks.json (default: ${DEFAULT-VALUE})")
  String prefix = "dapr-compute";

  @Option(
      names = {"-f", "--force"},
      description = "replace files that already exist")
  boolean force;

  @Override
  int run(Console console) {
    try {
      return generate(console);
    } catch (IOException e) {
      // keygen calls no function: a file that cannot be written is the caller's to fix (exit 2).
      throw CliException.usage(
          "cannot write the key files in --out "
              + out
              + ": "
              + Failures.message(e)
              + "; choose a directory this process can write");
    }
  }

  private int generate(Console console) throws IOException {
    Path dir = java.util.Objects.requireNonNull(out);
    if (prefix.isBlank() || prefix.contains("/") || prefix.contains("\\")) {
      throw CliException.usage("--name '" + prefix + "' must be a file name prefix without '/'");
    }
    Path privatePem = dir.resolve(prefix + "-" + PRIVATE_PEM);
    Path publicPem = dir.resolve(prefix + "-" + PUBLIC_PEM);
    Path publicJwk = dir.resolve(prefix + "-" + PUBLIC_JWK);
    Path publicJwks = dir.resolve(prefix + "-" + PUBLIC_JWKS);
    List<String> existing =
        Stream.of(privatePem, publicPem, publicJwk, publicJwks)
            .filter(Files::exists)
            .map(Path::toString)
            .toList();
    if (!existing.isEmpty() && !force) {
      throw CliException.usage(
          "refusing to overwrite "
              + String.join(", ", existing)
              + ": pass --force to replace them, or choose another --out or --name");
    }
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw CliException.usage("--out " + dir + " is not a directory");
    }
    Files.createDirectories(dir);

    SigningKey key = SigningKey.generateEd25519();
    writePrivate(privatePem, key.privateKeyPem());
    write(publicPem, key.publicKeyPem());
    write(publicJwk, key.publicJwk() + "\n");
    write(publicJwks, key.publicJwkSet() + "\n");

    if (console.isJson()) {
      Map<String, Object> json = Console.object();
      json.put("kid", key.keyId());
      json.put("algorithm", key.algorithm());
      json.put("privateKeyPem", privatePem.toString());
      json.put("publicKeyPem", publicPem.toString());
      json.put("publicJwk", publicJwk.toString());
      json.put("publicJwkSet", publicJwks.toString());
      console.json(json);
    } else {
      console.println("kid: " + key.keyId() + " (" + key.algorithm() + ", Ed25519)");
      console.println(
          "private key (the component's 'key' metadata; keep it secret): " + privatePem);
      console.println("public key, PEM (for the function):                           " + publicPem);
      console.println("public key, JWK:                                              " + publicJwk);
      console.println(
          "public key, JWK Set (add keys to it to rotate):               " + publicJwks);
    }
    return Failures.OK;
  }

  /** The private key, readable by its owner only from the moment it exists. */
  private static void writePrivate(Path file, String pem) throws IOException {
    Files.deleteIfExists(file);
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException notPosix) {
      Files.createFile(file);
      file.toFile().setReadable(false, false);
      file.toFile().setReadable(true, true);
      file.toFile().setWritable(false, false);
      file.toFile().setWritable(true, true);
    } catch (FileAlreadyExistsException raced) {
      throw CliException.usage("refusing to overwrite " + file + ", which appeared while writing");
    }
    Files.writeString(file, pem, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
