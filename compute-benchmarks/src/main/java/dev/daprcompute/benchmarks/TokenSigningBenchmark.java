package dev.daprcompute.benchmarks;

import dev.daprcompute.api.token.SigningKey;
import dev.daprcompute.api.token.TokenSigner;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Why tokens are signed with BouncyCastle, and why they are reused. Baseline: one Ed25519 signature
 * with the JDK's provider over a typical JWS signing input.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TokenSigningBenchmark {
  private byte[] signingInput;
  private PrivateKey jdkKey;
  private Ed25519PrivateKeyParameters bcKey;
  private TokenSigner freshSigner;
  private TokenSigner reusingSigner;
  private AdvancingClock clock;

  @Setup
  public void setUp() throws Exception {
    SigningKey key = SigningKey.generateEd25519();
    String pem = key.privateKeyPem().replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    byte[] pkcs8 = Base64.getDecoder().decode(pem);
    jdkKey = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    bcKey = new Ed25519PrivateKeyParameters(pkcs8, pkcs8.length - 32);
    signingInput =
        ("eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCIsImtpZCI6IjEyMyJ9."
                + "eyJpc3MiOiJkYXByLmlvL2NvbXB1dGUiLCJhdWQiOiJvcmRlcnMtZm4iLCJpYXQiOjE3MDAwMDAwMDAsImV4cCI6MTcwMDAwMDA2MH0")
            .getBytes(StandardCharsets.US_ASCII);
    clock = new AdvancingClock();
    freshSigner = new TokenSigner(key, clock, Duration.ofSeconds(60));
    reusingSigner = new TokenSigner(key, Clock.systemUTC(), Duration.ofSeconds(60));
  }

  /** Baseline: the JDK's Ed25519. */
  @Benchmark
  public byte[] jdkEd25519Signature() throws Exception {
    Signature signature = Signature.getInstance("Ed25519");
    signature.initSign(jdkKey);
    signature.update(signingInput);
    return signature.sign();
  }

  /** The same signature with BouncyCastle. */
  @Benchmark
  public byte[] bouncyCastleEd25519Signature() {
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, bcKey);
    signer.update(signingInput, 0, signingInput.length);
    return signer.generateSignature();
  }

  /** A whole new token (claims, header, signature, serialisation), as after each half-lifetime. */
  @Benchmark
  public String freshToken() {
    clock.advance();
    return freshSigner.token("orders-fn", "checkout");
  }

  /** A token as a request gets it: reused until half its lifetime has passed. */
  @Benchmark
  public String reusedToken() {
    return reusingSigner.token("orders-fn", "checkout");
  }

  /** A clock that moves 31 s per call, so every call needs a fresh token. */
  static final class AdvancingClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance() {
      now = now.plusSeconds(31);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
