package dev.cairn.agent.signing;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.List;
import java.util.Set;

/**
 * A JWKS file of signing or verification keys. Like the official agent, every key must name its
 * {@code alg}, and only the asymmetric algorithms it allows are accepted: {@code EdDSA} (Ed25519),
 * {@code ES512} (P-521) and {@code PS512} (RSA-PSS). HMAC and RSASSA-PKCS1 keys are refused.
 */
public final class SigningKeys {
  /** The algorithms a key may have, in the official agent's order. */
  public static final List<JWSAlgorithm> ALLOWED =
      List.of(JWSAlgorithm.PS512, JWSAlgorithm.ES512, JWSAlgorithm.EdDSA);

  private static final Set<JWSAlgorithm> ALLOWED_SET = Set.copyOf(ALLOWED);

  private final Path file;
  private final JWKSet set;

  private SigningKeys(Path file, JWKSet set) {
    this.file = file;
    this.set = set;
  }

  /** Reads and checks {@code file}. */
  public static SigningKeys load(Path file) throws SigningException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SigningException("cannot read the JWKS file " + file + ": " + e.getMessage(), e);
    }
    JWKSet set;
    try {
      set = JWKSet.parse(text);
    } catch (ParseException e) {
      throw new SigningException(
          "the JWKS file " + file + " is not a JSON Web Key Set: " + e.getMessage(), e);
    }
    if (set.getKeys().isEmpty()) {
      throw new SigningException("the JWKS file " + file + " has no keys");
    }
    for (JWK key : set.getKeys()) {
      algorithm(key, file);
    }
    return new SigningKeys(file, set);
  }

  /** The algorithm of {@code key}, checked against the allowed ones. */
  static JWSAlgorithm algorithm(JWK key, Path file) throws SigningException {
    Algorithm alg = key.getAlgorithm();
    String name =
        "key "
            + (key.getKeyID() == null ? "(no kid)" : key.getKeyID())
            + (file == null ? "" : " in " + file);
    if (alg == null) {
      throw new SigningException(name + " has no \"alg\"; every key must name its algorithm");
    }
    JWSAlgorithm jws = JWSAlgorithm.parse(alg.getName());
    if (!ALLOWED_SET.contains(jws)) {
      throw new SigningException(
          name
              + " has the unsupported algorithm "
              + alg.getName()
              + "; allowed are "
              + ALLOWED.stream().map(Algorithm::getName).toList());
    }
    return jws;
  }

  /**
   * The private key named {@code keyId}; with no id, the file's only key (as the official agent
   * does when the file holds just one).
   */
  public JWK signingKey(String keyId) throws SigningException {
    JWK key;
    if (keyId == null || keyId.isBlank()) {
      if (set.getKeys().size() != 1) {
        throw new SigningException(
            "the JWKS file "
                + file
                + " holds "
                + set.getKeys().size()
                + " keys; name the signing key with --jwks-key-id");
      }
      key = set.getKeys().get(0);
    } else {
      key = set.getKeyByKeyId(keyId);
      if (key == null) {
        throw new SigningException(
            "the JWKS file " + file + " has no key with id " + keyId + "; it has " + keyIds());
      }
    }
    if (!key.isPrivate()) {
      throw new SigningException(
          "key " + key.getKeyID() + " in " + file + " is a public key; signing needs the private");
    }
    return key;
  }

  /** The key named {@code keyId}, for verification. */
  JWK verificationKey(String keyId) throws SigningException {
    if (keyId == null) {
      throw new SigningException("the signature names no key (its header has no \"kid\")");
    }
    JWK key = set.getKeyByKeyId(keyId);
    if (key == null) {
      throw new SigningException(
          "the signature's key " + keyId + " is not in " + file + " (it has " + keyIds() + ")");
    }
    return key;
  }

  Path file() {
    return file;
  }

  private List<String> keyIds() {
    return set.getKeys().stream().map(JWK::getKeyID).toList();
  }
}
