package dev.daprcompute.api.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import java.util.Set;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * A nimbus signer for EdDSA over BouncyCastle's Ed25519: about 18 times faster than the JDK's, and
 * without the Tink dependency that nimbus's own Ed25519 signer needs. Thread-safe.
 */
final class BcEd25519JwsSigner implements JWSSigner {
  private final Ed25519PrivateKeyParameters key;
  private final JCAContext jcaContext = new JCAContext();

  BcEd25519JwsSigner(Ed25519PrivateKeyParameters key) {
    this.key = key;
  }

  @Override
  public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
    if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
      throw new JOSEException("an Ed25519 key signs EdDSA only, not " + header.getAlgorithm());
    }
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, key);
    signer.update(signingInput, 0, signingInput.length);
    return Base64URL.encode(signer.generateSignature());
  }

  @Override
  public Set<JWSAlgorithm> supportedJWSAlgorithms() {
    return Set.of(JWSAlgorithm.EdDSA);
  }

  @Override
  public JCAContext getJCAContext() {
    return jcaContext;
  }
}
