package dev.cairn.server.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.Map;

/**
 * Signs job identity tokens with the server's ES256 key and publishes the public half. The key is
 * generated once and kept as a JWK (mode 600) in the data directory, so tokens stay verifiable
 * across restarts; its id is its RFC 7638 thumbprint. Thread-safe.
 */
public final class OidcIssuer {
  private final ECKey key;
  private final ECDSASigner signer;

  private OidcIssuer(ECKey key) {
    this.key = key;
    try {
      this.signer = new ECDSASigner(key);
    } catch (JOSEException e) {
      throw new IllegalStateException("the OIDC signing key cannot sign", e);
    }
  }

  /** The issuer with the key in {@code file}, making and saving a new key if there is none. */
  public static OidcIssuer fromKeyFile(Path file) {
    try {
      if (!Files.exists(file)) {
        ECKey fresh = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).generate();
        ECKey named =
            new ECKey.Builder(fresh).keyIDFromThumbprint().algorithm(JWSAlgorithm.ES256).build();
        Files.createDirectories(file.toAbsolutePath().getParent());
        try {
          Files.createFile(
              file,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
          Files.writeString(file, named.toJSONString());
        } catch (FileAlreadyExistsException raced) {
          // Another process made it first; use theirs.
        }
      }
      return new OidcIssuer(ECKey.parse(Files.readString(file)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write the OIDC key file " + file, e);
    } catch (JOSEException | ParseException e) {
      throw new IllegalStateException("the OIDC key file " + file + " holds no usable EC key", e);
    }
  }

  /** Signs {@code claims} as a JWT; {@code iat}, {@code nbf} and {@code exp} are epoch seconds. */
  public String sign(Map<String, Object> claims) {
    JWTClaimsSet.Builder set = new JWTClaimsSet.Builder();
    claims.forEach(set::claim);
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(key.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            set.build());
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign an OIDC token", e);
    }
    return jwt.serialize();
  }

  /** The public key set, as served at {@code /.well-known/jwks.json}. */
  public Map<String, Object> publicKeys() {
    return new JWKSet(key.toPublicJWK()).toJSONObject(true);
  }
}
