package dev.cairn.agent.signing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * A step's {@code signature} (spec §8): a JWS in compact serialisation with a detached payload
 * ({@code header..signature}) over the RFC 8785 canonical JSON of {@code {"alg": ..., "values":
 * {...}}}, stored on the step as {@code {algorithm, signed_fields, value}}.
 */
public final class StepSignature {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StepSignature() {}

  /** Signs {@code values} (field name → value) with {@code key}; the map to store on the step. */
  static Map<String, Object> sign(Map<String, Object> values, JWK key) throws SigningException {
    JWSAlgorithm alg = SigningKeys.algorithm(key, null);
    JWSObject jws =
        new JWSObject(
            new JWSHeader.Builder(alg).keyID(key.getKeyID()).build(),
            new Payload(payload(alg, values)));
    try {
      jws.sign(signer(key));
    } catch (JOSEException e) {
      throw new SigningException("signing with key " + key.getKeyID() + " failed", e);
    }
    Map<String, Object> signature = new LinkedHashMap<>();
    signature.put("algorithm", alg.getName());
    signature.put("signed_fields", new ArrayList<>(values.keySet()));
    signature.put("value", jws.serialize(true));
    return signature;
  }

  /** A step's stored signature, read back. */
  record Stored(String algorithm, List<String> signedFields, String value) {
    static Stored of(Object signature) throws SigningException {
      if (!(signature instanceof Map<?, ?> map)) {
        throw new SigningException("the step's signature is not an object");
      }
      Object alg = map.get("algorithm");
      Object fields = map.get("signed_fields");
      Object value = map.get("value");
      if (!(alg instanceof String a) || !(value instanceof String v)) {
        throw new SigningException("the step's signature lacks its algorithm or value");
      }
      if (!(fields instanceof List<?> list) || list.isEmpty()) {
        throw new SigningException("the step's signature names no signed fields");
      }
      List<String> names = new ArrayList<>();
      for (Object f : list) {
        names.add(String.valueOf(f));
      }
      return new Stored(a, names, v);
    }
  }

  /** Checks that {@code stored} is a valid signature of {@code values} by a key of {@code keys}. */
  static void verify(Stored stored, Map<String, Object> values, SigningKeys keys)
      throws SigningException {
    JWSAlgorithm alg = JWSAlgorithm.parse(stored.algorithm());
    JWSObject jws;
    try {
      jws = JWSObject.parse(stored.value(), new Payload(payload(alg, values)));
    } catch (ParseException e) {
      throw new SigningException("the signature is not a compact JWS: " + e.getMessage(), e);
    }
    if (!jws.getHeader().getAlgorithm().equals(alg)) {
      throw new SigningException(
          "the signature's header says "
              + jws.getHeader().getAlgorithm()
              + " but the step says "
              + alg);
    }
    JWK key = keys.verificationKey(jws.getHeader().getKeyID());
    JWSAlgorithm keyAlg = SigningKeys.algorithm(key, keys.file());
    if (!keyAlg.equals(alg)) {
      throw new SigningException(
          "the signature uses " + alg + " but key " + key.getKeyID() + " is for " + keyAlg);
    }
    boolean valid;
    try {
      valid = jws.verify(verifier(key));
    } catch (JOSEException e) {
      throw new SigningException("the signature cannot be checked: " + e.getMessage(), e);
    }
    if (!valid) {
      throw new SigningException(
          "the signature does not match the step (signed with key "
              + key.getKeyID()
              + " over "
              + stored.signedFields()
              + ")");
    }
  }

  /** The canonical JSON that is signed. */
  static byte[] payload(JWSAlgorithm alg, Map<String, Object> values) throws SigningException {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("alg", alg.getName());
    object.put("values", values);
    try {
      return new JsonCanonicalizer(JSON.writeValueAsString(object))
          .getEncodedString()
          .getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new SigningException("the signed values cannot be written as JSON", e);
    } catch (IOException e) {
      throw new SigningException("the signed values cannot be canonicalized: " + e.getMessage(), e);
    }
  }

  private static JWSSigner signer(JWK key) throws JOSEException, SigningException {
    return switch (key) {
      case OctetKeyPair okp -> new Ed25519Signer(okp);
      case ECKey ec -> new ECDSASigner(ec);
      case RSAKey rsa -> new RSASSASigner(rsa);
      default -> throw new SigningException("key " + key.getKeyID() + " has an unusable type");
    };
  }

  private static JWSVerifier verifier(JWK key) throws JOSEException, SigningException {
    return switch (key) {
      case OctetKeyPair okp -> new Ed25519Verifier(okp.toPublicJWK());
      case ECKey ec -> new ECDSAVerifier(ec.toPublicJWK());
      case RSAKey rsa -> new RSASSAVerifier(rsa.toPublicJWK());
      default -> throw new SigningException("key " + key.getKeyID() + " has an unusable type");
    };
  }
}
