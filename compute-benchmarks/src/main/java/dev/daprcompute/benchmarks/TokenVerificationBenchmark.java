package dev.daprcompute.benchmarks;

import dev.daprcompute.api.token.SigningKey;
import dev.daprcompute.api.token.TokenSigner;
import dev.daprcompute.function.token.TokenVerifier;
import dev.daprcompute.function.token.VerifiedToken;
import dev.daprcompute.protocol.Metadata;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the function side pays per request. Baseline: one BouncyCastle Ed25519 signature check over
 * the token's signing input. Then {@link TokenVerifier#verify} of a token it has verified before
 * (it remembers accepted tokens until they expire, and the component reuses a token for half its
 * lifetime: nearly every request) and of a token it has not seen (parse, header and claim checks,
 * key choice, signature; the tokens cycle through more than the verifier remembers, so each is new
 * to it, and the cost of forgetting is spread over them).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TokenVerificationBenchmark {
  private String token;
  private Metadata headers;
  private TokenVerifier verifier;
  private byte[] signingInput;
  private byte[] signature;
  private Ed25519PublicKeyParameters publicKey;
  private Metadata[] newTokens;
  private TokenVerifier forgetfulVerifier;
  private int next;

  @Setup
  public void setUp() {
    SigningKey key = SigningKey.generateEd25519();
    token =
        new TokenSigner(key, Clock.systemUTC(), Duration.ofHours(1)).token("orders-fn", "checkout");
    headers = Metadata.of("authorization", "Bearer " + token);
    verifier = TokenVerifier.builder().publicKeys(key.publicJwkSet()).audience("orders-fn").build();
    int dot = token.lastIndexOf('.');
    signingInput = token.substring(0, dot).getBytes(StandardCharsets.US_ASCII);
    signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
    String pem = key.privateKeyPem().replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    byte[] pkcs8 = Base64.getDecoder().decode(pem);
    publicKey = new Ed25519PrivateKeyParameters(pkcs8, pkcs8.length - 32).generatePublicKey();
    // One token per subject: more than the verifier remembers (1,024), so each verification is a
    // first.
    TokenSigner signer = new TokenSigner(key, Clock.systemUTC(), Duration.ofHours(1));
    newTokens = new Metadata[3000];
    for (int i = 0; i < newTokens.length; i++) {
      newTokens[i] =
          Metadata.of("authorization", "Bearer " + signer.token("orders-fn", "app-" + i));
    }
    forgetfulVerifier =
        TokenVerifier.builder().publicKeys(key.publicJwkSet()).audience("orders-fn").build();
  }

  /** Baseline: the signature check alone. */
  @Benchmark
  public boolean ed25519SignatureCheck() {
    Ed25519Signer verify = new Ed25519Signer();
    verify.init(false, publicKey);
    verify.update(signingInput, 0, signingInput.length);
    return verify.verifySignature(signature);
  }

  /** What the router does before it calls the handler, for a token verified before. */
  @Benchmark
  public VerifiedToken verifyRequestHeaders() {
    return verifier.verify(headers);
  }

  /** The same for a token the verifier has not seen. */
  @Benchmark
  public VerifiedToken verifyNewToken() {
    Metadata token = newTokens[next];
    next = next + 1 == newTokens.length ? 0 : next + 1;
    return forgetfulVerifier.verify(token);
  }
}
