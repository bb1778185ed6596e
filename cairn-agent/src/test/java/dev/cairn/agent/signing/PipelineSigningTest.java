package dev.cairn.agent.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jwk.JWKSet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Signing a pipeline and verifying its jobs with real keys of the three algorithms, written to and
 * read from JWKS files as the commands do; jobs are made by hand the way the server makes them
 * (matrix values put into the command, pipeline env merged under the step env).
 */
class PipelineSigningTest {
  private static final String REPO = "https://example.com/repo.git";

  @TempDir static Path dir;

  @BeforeAll
  static void keys() throws Exception {
    for (String alg : List.of("EdDSA", "ES512", "PS512")) {
      KeyPairs.Generated keys = KeyPairs.generate(alg, "key-" + alg);
      Files.writeString(dir.resolve(alg + "-private.json"), keys.privateJwks());
      Files.writeString(dir.resolve(alg + "-public.json"), keys.publicJwks());
    }
  }

  private static Map<String, Object> pipeline() {
    Map<String, Object> plain = new LinkedHashMap<>();
    plain.put("key", "plain");
    plain.put("command", "echo $TOP");
    plain.put("env", Map.of("A", "a"));
    plain.put("plugins", List.of(Map.of("docker#v5.0.0", Map.of("image", "alpine"))));
    Map<String, Object> inGroup = new LinkedHashMap<>();
    inGroup.put("commands", List.of("echo 1", "echo {{matrix.os}}"));
    inGroup.put("matrix", Map.of("setup", Map.of("os", List.of("linux", "mac"))));
    inGroup.put("env", Map.of("OS", "{{matrix.os}}"));
    inGroup.put("plugins", List.of(Map.of("docker#v5.0.0", Map.of("image", "img-{{matrix.os}}"))));
    Map<String, Object> pipeline = new LinkedHashMap<>();
    pipeline.put("env", Map.of("TOP", "top", "A", "pipeline-a"));
    pipeline.put(
        "steps",
        List.of(
            plain,
            "wait",
            Map.of("block", "ok?"),
            Map.of("group", "g", "steps", List.of(inGroup)),
            Map.of("trigger", "other")));
    return pipeline;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> step(Map<String, Object> signed, int... path) {
    Object at = signed.get("steps");
    Object step = null;
    for (int i : path) {
      step = ((List<Object>) at).get(i);
      at = ((Map<String, Object>) step).get("steps");
    }
    return (Map<String, Object>) step;
  }

  private static Map<String, String> jobEnv(String command, Map<String, String> more) {
    Map<String, String> env = new HashMap<>();
    env.put("TOP", "top");
    env.put("A", "pipeline-a");
    env.put("BUILDKITE_REPO", REPO);
    env.put("BUILDKITE_COMMAND", command);
    env.put("BUILDKITE_PLUGINS", "");
    env.putAll(more);
    return env;
  }

  private static JobVerifier verifier(String alg) throws SigningException {
    return JobVerifier.of(SigningKeys.load(dir.resolve(alg + "-public.json")));
  }

  private static Map<String, Object> signed(String alg) throws SigningException {
    return PipelineSigner.of(dir.resolve(alg + "-private.json"), "key-" + alg, REPO)
        .sign(pipeline());
  }

  @SuppressWarnings("unchecked")
  @ParameterizedTest
  @ValueSource(strings = {"EdDSA", "ES512", "PS512"})
  void everyCommandStepIsSignedAndItsJobsVerify(String alg) throws Exception {
    Map<String, Object> signed = signed(alg);
    Map<String, Object> plain = step(signed, 0);
    Map<String, Object> grouped = step(signed, 3, 0);
    assertThat(((List<Object>) signed.get("steps")).subList(1, 3))
        .containsExactly("wait", Map.of("block", "ok?"));
    assertThat(step(signed, 4)).doesNotContainKey("signature");
    Map<?, ?> signature = (Map<?, ?>) plain.get("signature");
    assertThat(signature.get("algorithm")).isEqualTo(alg);
    assertThat((List<Object>) signature.get("signed_fields"))
        .containsExactly("command", "env", "env::TOP", "matrix", "plugins", "repository_url");
    assertThat((String) signature.get("value")).contains("..");
    assertThat((List<Object>) ((Map<?, ?>) grouped.get("signature")).get("signed_fields"))
        .containsExactly(
            "command", "env", "env::A", "env::TOP", "matrix", "plugins", "repository_url");

    verifier(alg)
        .verify(
            plain,
            Map.of(),
            jobEnv(
                "echo $TOP",
                Map.of(
                    "A",
                    "a",
                    "BUILDKITE_PLUGINS",
                    "[{\"docker#v5.0.0\":{\"image\":\"alpine\"}}]")));
    verifier(alg)
        .verify(
            grouped,
            Map.of("os", "mac"),
            jobEnv(
                "echo 1\necho mac",
                Map.of(
                    "OS",
                    "mac",
                    "BUILDKITE_PLUGINS",
                    "[{\"docker#v5.0.0\":{\"image\":\"img-mac\"}}]")));
    assertThatThrownBy(() ->
            verifier(alg)
                .verify(
                    grouped,
                    Map.of("os", "mac"),
                    jobEnv(
                        "echo 1\necho mac",
                        Map.of(
                            "OS",
                            "mac",
                            "BUILDKITE_PLUGINS",
                            "[{\"docker#v5.0.0\":{\"image\":\"img-linux\"}}]"))))
        .hasMessageContaining("not the signed plugins");
  }

  @SuppressWarnings("unchecked")
  @Test
  void whatTheJobRunsMustBeWhatWasSigned() throws Exception {
    Map<String, Object> signed = signed("ES512");
    Map<String, Object> plain = step(signed, 0);
    String plugins = "[{\"docker#v5.0.0\":{\"image\":\"alpine\"}}]";
    JobVerifier verifier = verifier("ES512");
    assertThatThrownBy(() ->
            verifier.verify(
                plain,
                Map.of(),
                jobEnv("rm -rf /", Map.of("A", "a", "BUILDKITE_PLUGINS", plugins))))
        .hasMessageContaining("BUILDKITE_COMMAND) is not the signed command");
    assertThatThrownBy(() ->
            verifier.verify(
                plain,
                Map.of(),
                jobEnv("echo $TOP", Map.of("A", "evil", "BUILDKITE_PLUGINS", plugins))))
        .hasMessageContaining("the job's A differs");
    assertThatThrownBy(() ->
            verifier.verify(
                plain,
                Map.of(),
                jobEnv("echo $TOP", Map.of("A", "a", "BUILDKITE_PLUGINS", "[{\"evil#v1\":null}]"))))
        .hasMessageContaining("BUILDKITE_PLUGINS) are not the signed plugins");
    Map<String, String> noTop = jobEnv("echo $TOP", Map.of("A", "a", "BUILDKITE_PLUGINS", plugins));
    noTop.remove("TOP");
    assertThatThrownBy(() -> verifier.verify(plain, Map.of(), noTop))
        .hasMessageContaining("signed pipeline variable TOP is missing");
    Map<String, String> otherTop =
        jobEnv("echo $TOP", Map.of("A", "a", "TOP", "changed", "BUILDKITE_PLUGINS", plugins));
    assertThatThrownBy(() -> verifier.verify(plain, Map.of(), otherTop))
        .hasMessageContaining("the signature does not match the step");
    Map<String, Object> changed = new LinkedHashMap<>(plain);
    changed.put("command", "rm -rf /");
    assertThatThrownBy(() ->
            verifier.verify(
                changed,
                Map.of(),
                jobEnv("rm -rf /", Map.of("A", "a", "BUILDKITE_PLUGINS", plugins))))
        .hasMessageContaining("the signature does not match the step");
    Map<String, Object> unsigned = new LinkedHashMap<>(plain);
    unsigned.remove("signature");
    assertThatThrownBy(() -> verifier.verify(unsigned, Map.of(), Map.of()))
        .hasMessage("the job is not signed");
    Map<String, Object> extraField = new LinkedHashMap<>(plain);
    Map<String, Object> signature =
        new LinkedHashMap<>((Map<String, Object>) plain.get("signature"));
    signature.put("signed_fields", List.of("command", "timeout_in_minutes"));
    extraField.put("signature", signature);
    assertThatThrownBy(() -> verifier.verify(extraField, Map.of(), Map.of()))
        .hasMessageContaining("unknown field timeout_in_minutes");
  }

  @Test
  void aKeyOfAnotherSetOrAlgorithmDoesNotVerify() throws Exception {
    Map<String, Object> plain = step(signed("EdDSA"), 0);
    Map<String, String> env =
        jobEnv(
            "echo $TOP",
            Map.of("A", "a", "BUILDKITE_PLUGINS", "[{\"docker#v5.0.0\":{\"image\":\"alpine\"}}]"));
    assertThatThrownBy(() -> verifier("ES512").verify(plain, Map.of(), env))
        .hasMessageContaining("the signature's key key-EdDSA is not in");
  }

  @Test
  void thePayloadIsTheCanonicalJsonOfAlgAndValues() throws Exception {
    Map<String, Object> pipeline = new LinkedHashMap<>();
    pipeline.put("steps", List.of(Map.of("command", "echo hi")));
    Map<String, Object> signed =
        PipelineSigner.of(dir.resolve("EdDSA-private.json"), null, REPO).sign(pipeline);
    String value = (String) ((Map<?, ?>) step(signed, 0).get("signature")).get("value");
    String expected =
        "{\"alg\":\"EdDSA\",\"values\":{\"command\":\"echo hi\",\"env\":null,\"matrix\":null,"
            + "\"plugins\":null,\"repository_url\":\"https://example.com/repo.git\"}}";
    JWSObject jws = JWSObject.parse(value, new Payload(expected.getBytes(StandardCharsets.UTF_8)));
    assertThat(jws.getHeader().getKeyID()).isEqualTo("key-EdDSA");
    JWKSet publicSet = JWKSet.load(dir.resolve("EdDSA-public.json").toFile());
    assertThat(jws.verify(new Ed25519Verifier(publicSet.getKeys().get(0).toOctetKeyPair())))
        .isTrue();
  }

  @Test
  void badKeysAndStepsFailWithClearErrors() throws Exception {
    Path hmac = dir.resolve("hmac.json");
    Files.writeString(
        hmac,
        "{\"keys\":[{\"kty\":\"oct\",\"kid\":\"h\",\"alg\":\"HS256\",\"k\":\"c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI\"}]}");
    assertThatThrownBy(() -> SigningKeys.load(hmac))
        .hasMessageContaining("key h in " + hmac + " has the unsupported algorithm HS256");
    Path noAlg = dir.resolve("noalg.json");
    String ed =
        Files.readString(dir.resolve("EdDSA-public.json")).replace(",\"alg\":\"EdDSA\"", "");
    Files.writeString(noAlg, ed);
    assertThatThrownBy(() -> SigningKeys.load(noAlg)).hasMessageContaining("has no \"alg\"");
    assertThatThrownBy(() -> SigningKeys.load(dir.resolve("missing.json")))
        .hasMessageContaining("cannot read the JWKS file");
    assertThatThrownBy(() -> PipelineSigner.of(dir.resolve("EdDSA-private.json"), "nope", REPO))
        .hasMessageContaining("has no key with id nope; it has [key-EdDSA]");
    assertThatThrownBy(() -> PipelineSigner.of(dir.resolve("EdDSA-public.json"), "key-EdDSA", REPO))
        .hasMessageContaining("is a public key");
    assertThatThrownBy(() -> KeyPairs.generate("RS256", "k"))
        .hasMessageContaining("unsupported algorithm RS256");
    PipelineSigner signer = PipelineSigner.of(dir.resolve("EdDSA-private.json"), null, REPO);
    Map<String, Object> odd = new LinkedHashMap<>();
    odd.put("steps", List.of(Map.of("group", "g", "steps", List.of(Map.of("label", "what?")))));
    assertThatThrownBy(() -> signer.sign(odd))
        .hasMessageContaining("cannot sign steps[0].steps[0]: it is not a known step type");
  }
}
