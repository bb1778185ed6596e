package dev.cairn.agent.signing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * Checks a job against its step's signature before anything of it runs (spec §8): the signature
 * over the values rebuilt from {@code job.step} and the job's environment, then that what the job
 * will actually run is what was signed — {@code BUILDKITE_COMMAND} is the signed command, every
 * signed step variable has its signed value, {@code BUILDKITE_PLUGINS} holds the signed plugins,
 * all after the job's matrix values are put in.
 */
public final class JobVerifier {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern MATRIX_TOKEN =
      Pattern.compile("\\{\\{\\s*matrix(?:\\.([a-zA-Z0-9_]+))?\\s*\\}\\}");

  private final SigningKeys keys;

  private JobVerifier(SigningKeys keys) {
    this.keys = keys;
  }

  /** A verifier with the public keys of {@code keys}. */
  public static JobVerifier of(SigningKeys keys) {
    return new JobVerifier(keys);
  }

  /**
   * Verifies a job.
   *
   * @param step the job's step as uploaded ({@code job.step})
   * @param matrix the job's matrix values, empty when it has none
   * @param env the job's environment from the server
   * @throws SigningException saying why the job must not be trusted
   */
  public void verify(Map<String, Object> step, Map<String, String> matrix, Map<String, String> env)
      throws SigningException {
    if (step == null || step.get("signature") == null) {
      throw new SigningException("the job is not signed");
    }
    StepSignature.Stored stored = StepSignature.Stored.of(step.get("signature"));
    Map<String, Object> values = SignedValues.forVerifying(step, stored.signedFields(), env);
    StepSignature.verify(stored, values, keys);
    Map<String, String> m = matrix == null ? Map.of() : matrix;
    checkCommand(values, m, env);
    checkEnv(values, m, env);
    checkPlugins(values, m, env);
  }

  private static void checkCommand(
      Map<String, Object> values, Map<String, String> matrix, Map<String, String> env)
      throws SigningException {
    if (!values.containsKey(SignedValues.COMMAND)) {
      return;
    }
    String signed = substitute((String) values.get(SignedValues.COMMAND), matrix);
    if (!signed.equals(env.getOrDefault("BUILDKITE_COMMAND", ""))) {
      throw new SigningException(
          "the job's command (BUILDKITE_COMMAND) is not the signed command of its step");
    }
  }

  private static void checkEnv(
      Map<String, Object> values, Map<String, String> matrix, Map<String, String> env)
      throws SigningException {
    if (!(values.get(SignedValues.ENV) instanceof Map<?, ?> signed)) {
      return;
    }
    for (Map.Entry<?, ?> e : signed.entrySet()) {
      String name = String.valueOf(e.getKey());
      String expected = substitute(String.valueOf(e.getValue()), matrix);
      String actual = env.get(name);
      if (actual == null) {
        throw new SigningException(
            "the signed step variable " + name + " is missing from the job's environment");
      }
      if (!actual.equals(expected)) {
        throw new SigningException(
            "the job's " + name + " differs from the value signed in its step");
      }
    }
  }

  private static void checkPlugins(
      Map<String, Object> values, Map<String, String> matrix, Map<String, String> env)
      throws SigningException {
    if (!values.containsKey(SignedValues.PLUGINS)) {
      return;
    }
    Object signed = plugins(values.get(SignedValues.PLUGINS), matrix);
    String actual = env.getOrDefault("BUILDKITE_PLUGINS", "");
    String signedJson = canonical(signed == null ? List.of() : signed);
    String actualJson = actual.isBlank() ? canonical(List.of()) : canonicalText(actual);
    if (!Objects.equals(signedJson, actualJson)) {
      throw new SigningException(
          "the job's plugins (BUILDKITE_PLUGINS) are not the signed plugins of its step");
    }
  }

  private static String canonical(Object data) throws SigningException {
    try {
      return canonicalText(JSON.writeValueAsString(data));
    } catch (JsonProcessingException e) {
      throw new SigningException("the signed plugins cannot be written as JSON", e);
    }
  }

  private static String canonicalText(String json) throws SigningException {
    try {
      return new JsonCanonicalizer(json).getEncodedString();
    } catch (IOException | RuntimeException e) {
      throw new SigningException("BUILDKITE_PLUGINS is not JSON: " + e.getMessage(), e);
    }
  }

  /** Puts the job's matrix values into {@code text}, as the server did when it made the job. */
  static String substitute(String text, Map<String, String> matrix) throws SigningException {
    if (matrix.isEmpty() || !text.contains("{{")) {
      return text;
    }
    Matcher m = MATRIX_TOKEN.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = matrix.get(m.group(1) == null ? "" : m.group(1));
      if (value == null) {
        throw new SigningException("the signed step uses the unknown matrix token " + m.group());
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * The signed plugins as the server hands them to the job: matrix values put into each source and
   * into every string of its configuration (not into configuration keys).
   */
  private static Object plugins(Object signed, Map<String, String> matrix) throws SigningException {
    if (!(signed instanceof List<?> list)) {
      return signed;
    }
    List<Object> out = new ArrayList<>();
    for (Object item : list) {
      Map<String, Object> plugin = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) item).entrySet()) {
        plugin.put(
            substitute(String.valueOf(e.getKey()), matrix), substituteAll(e.getValue(), matrix));
      }
      out.add(plugin);
    }
    return out;
  }

  private static Object substituteAll(Object data, Map<String, String> matrix)
      throws SigningException {
    if (data instanceof String s) {
      return substitute(s, matrix);
    }
    if (data instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.put(String.valueOf(e.getKey()), substituteAll(e.getValue(), matrix));
      }
      return out;
    }
    if (data instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      for (Object item : list) {
        out.add(substituteAll(item, matrix));
      }
      return out;
    }
    return data;
  }
}
