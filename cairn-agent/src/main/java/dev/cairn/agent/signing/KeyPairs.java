package dev.cairn.agent.signing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

/**
 * {@code tool keygen}: a new signing key pair as two JWKS documents, the private set for {@code
 * pipeline upload} and the public set for agents' {@code --verification-jwks-file}.
 */
public final class KeyPairs {
  /** RSA keys for PS512 are 4096 bits. */
  static final int RSA_BITS = 4096;

  /** The two halves, as JSON. */
  public record Generated(String privateJwks, String publicJwks) {}

  private KeyPairs() {}

  /** A new key pair for {@code alg} (EdDSA, ES512 or PS512) with the id {@code keyId}. */
  public static Generated generate(String alg, String keyId) throws SigningException {
    JWSAlgorithm algorithm = JWSAlgorithm.parse(alg);
    if (!SigningKeys.ALLOWED.contains(algorithm)) {
      throw new SigningException(
          "unsupported algorithm "
              + alg
              + "; valid algorithms are "
              + SigningKeys.ALLOWED.stream().map(JWSAlgorithm::getName).toList());
    }
    JWK key;
    try {
      key =
          switch (algorithm.getName()) {
            case "EdDSA" ->
                new OctetKeyPairGenerator(Curve.Ed25519)
                    .keyID(keyId)
                    .algorithm(algorithm)
                    .keyUse(KeyUse.SIGNATURE)
                    .generate();
            case "ES512" ->
                new ECKeyGenerator(Curve.P_521)
                    .keyID(keyId)
                    .algorithm(algorithm)
                    .keyUse(KeyUse.SIGNATURE)
                    .generate();
            default ->
                new RSAKeyGenerator(RSA_BITS)
                    .keyID(keyId)
                    .algorithm(algorithm)
                    .keyUse(KeyUse.SIGNATURE)
                    .generate();
          };
    } catch (JOSEException e) {
      throw new SigningException("cannot generate an " + alg + " key: " + e.getMessage(), e);
    }
    return new Generated(
        new JWKSet(key).toString(false), new JWKSet(key.toPublicJWK()).toString(true));
  }
}
