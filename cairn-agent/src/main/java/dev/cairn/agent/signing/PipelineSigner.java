package dev.cairn.agent.signing;

import com.nimbusds.jose.jwk.JWK;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Signs every command step of a pipeline as plain data (what {@code pipeline upload} sends),
 * recursing into groups; wait, block, input and trigger steps are left as they are, and a step of
 * no known type makes signing fail, as in the official agent, so no command goes unsigned.
 */
public final class PipelineSigner {
  private static final Set<String> BARE_STEPS =
      Set.of("wait", "waiter", "block", "input", "manual");
  private static final Set<String> OTHER_KEYS =
      Set.of("wait", "waiter", "block", "input", "manual", "trigger");
  private static final Set<String> COMMAND_KEYS = Set.of("command", "commands", "plugins");

  private final JWK key;
  private final String repositoryUrl;

  private PipelineSigner(JWK key, String repositoryUrl) {
    this.key = key;
    this.repositoryUrl = repositoryUrl;
  }

  /** A signer with the key {@code keyId} (or the only key) of {@code jwksFile}. */
  public static PipelineSigner of(Path jwksFile, String keyId, String repositoryUrl)
      throws SigningException {
    return new PipelineSigner(SigningKeys.load(jwksFile).signingKey(keyId), repositoryUrl);
  }

  /** {@code pipeline} (with {@code env} and {@code steps}) with every command step signed. */
  public Map<String, Object> sign(Map<String, Object> pipeline) throws SigningException {
    Map<String, String> pipelineEnv = SignedValues.env(pipeline);
    Map<String, Object> signed = new LinkedHashMap<>(pipeline);
    Object steps = pipeline.get("steps");
    if (steps != null) {
      signed.put("steps", steps(steps, pipelineEnv, "steps"));
    }
    return signed;
  }

  private List<Object> steps(Object steps, Map<String, String> pipelineEnv, String where)
      throws SigningException {
    if (!(steps instanceof List<?> list)) {
      throw new SigningException(where + " is not a list of steps");
    }
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      out.add(step(list.get(i), pipelineEnv, where + "[" + i + "]"));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private Object step(Object step, Map<String, String> pipelineEnv, String where)
      throws SigningException {
    if (step instanceof String s && BARE_STEPS.contains(s)) {
      return s;
    }
    if (!(step instanceof Map<?, ?> raw)) {
      throw new SigningException(
          "cannot sign " + where + ": " + step + " is not a known step type");
    }
    Map<String, Object> map = (Map<String, Object>) raw;
    return switch (type(map)) {
      case "command" -> signed(map, pipelineEnv, where);
      case "group" -> {
        Map<String, Object> group = new LinkedHashMap<>(map);
        group.put("steps", steps(map.get("steps"), pipelineEnv, where + ".steps"));
        yield group;
      }
      case "other" -> map;
      default ->
          throw new SigningException(
              "cannot sign " + where + ": it is not a known step type (keys " + map.keySet() + ")");
    };
  }

  private Map<String, Object> signed(
      Map<String, Object> step, Map<String, String> pipelineEnv, String where)
      throws SigningException {
    Map<String, Object> signed = new LinkedHashMap<>(step);
    try {
      signed.put(
          "signature",
          StepSignature.sign(SignedValues.forSigning(step, pipelineEnv, repositoryUrl), key));
    } catch (SigningException e) {
      throw new SigningException("cannot sign " + where + ": " + e.getMessage(), e);
    }
    return signed;
  }

  /** {@code command}, {@code group}, {@code other} (nothing to sign) or {@code unknown}. */
  private static String type(Map<String, Object> step) {
    Object type = step.get("type");
    if (type instanceof String t) {
      return switch (t) {
        case "command", "script" -> "command";
        case "group" -> "group";
        case "wait", "waiter", "block", "input", "manual", "trigger" -> "other";
        default -> "unknown";
      };
    }
    if (step.containsKey("group")) {
      return "group";
    }
    if (COMMAND_KEYS.stream().anyMatch(step::containsKey)) {
      return "command";
    }
    if (OTHER_KEYS.stream().anyMatch(step::containsKey)) {
      return "other";
    }
    return "unknown";
  }
}
