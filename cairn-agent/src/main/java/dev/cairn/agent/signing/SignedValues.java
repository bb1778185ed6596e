package dev.cairn.agent.signing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The values a command step's signature covers (spec §8), read from the step as plain data (as
 * uploaded, and as the agent receives it in {@code job.step}): {@code command} (a list of commands
 * joined with newlines), {@code env}, {@code plugins} (in the {@code [{source: config}]} form the
 * server hands agents in {@code BUILDKITE_PLUGINS}), {@code matrix}, {@code repository_url}, {@code
 * secrets} and {@code checkout} when the step has them, and {@code env::NAME} for each
 * pipeline-level variable the step does not override.
 */
public final class SignedValues {
  static final String COMMAND = "command";
  static final String ENV = "env";
  static final String PLUGINS = "plugins";
  static final String MATRIX = "matrix";
  static final String REPOSITORY_URL = "repository_url";
  static final String SECRETS = "secrets";
  static final String CHECKOUT = "checkout";
  static final String ENV_PREFIX = "env::";

  private SignedValues() {}

  /** What signing {@code step} covers, in field-name order. */
  static Map<String, Object> forSigning(
      Map<String, Object> step, Map<String, String> pipelineEnv, String repositoryUrl)
      throws SigningException {
    Map<String, Object> values = new TreeMap<>();
    values.put(COMMAND, command(step));
    Map<String, String> env = env(step);
    values.put(ENV, env.isEmpty() ? null : env);
    List<Map<String, Object>> plugins = plugins(step);
    values.put(PLUGINS, plugins.isEmpty() ? null : plugins);
    values.put(MATRIX, emptyToNull(step.get(MATRIX)));
    values.put(REPOSITORY_URL, repositoryUrl == null ? "" : repositoryUrl);
    if (step.get(SECRETS) != null) {
      values.put(SECRETS, step.get(SECRETS));
    }
    if (step.get(CHECKOUT) != null) {
      values.put(CHECKOUT, step.get(CHECKOUT));
    }
    for (Map.Entry<String, String> e : pipelineEnv.entrySet()) {
      if (!env.containsKey(e.getKey())) {
        values.put(ENV_PREFIX + e.getKey(), e.getValue());
      }
    }
    return values;
  }

  /**
   * The values of {@code fields} as a job presents them: step fields from {@code step}, {@code
   * repository_url} and {@code env::} variables from the job's environment.
   */
  static Map<String, Object> forVerifying(
      Map<String, Object> step, List<String> fields, Map<String, String> jobEnv)
      throws SigningException {
    Map<String, Object> values = new TreeMap<>();
    for (String field : fields) {
      switch (field) {
        case COMMAND -> values.put(field, command(step));
        case ENV -> {
          Map<String, String> env = env(step);
          values.put(field, env.isEmpty() ? null : env);
        }
        case PLUGINS -> {
          List<Map<String, Object>> plugins = plugins(step);
          values.put(field, plugins.isEmpty() ? null : plugins);
        }
        case MATRIX -> values.put(field, emptyToNull(step.get(MATRIX)));
        case REPOSITORY_URL -> values.put(field, jobEnv.getOrDefault("BUILDKITE_REPO", ""));
        case SECRETS, CHECKOUT -> values.put(field, step.get(field));
        default -> {
          if (!field.startsWith(ENV_PREFIX)) {
            throw new SigningException("the signature covers the unknown field " + field);
          }
          String name = field.substring(ENV_PREFIX.length());
          String value = jobEnv.get(name);
          if (value == null) {
            throw new SigningException(
                "the signed pipeline variable " + name + " is missing from the job's environment");
          }
          values.put(field, value);
        }
      }
    }
    return values;
  }

  /** The step's command: {@code command} or {@code commands}, a list joined with newlines. */
  static String command(Map<String, Object> step) throws SigningException {
    Object command = step.containsKey(COMMAND) ? step.get(COMMAND) : step.get("commands");
    if (command == null) {
      return "";
    }
    if (command instanceof List<?> list) {
      List<String> lines = new ArrayList<>();
      for (Object line : list) {
        lines.add(scalar(line, COMMAND));
      }
      return String.join("\n", lines);
    }
    return scalar(command, COMMAND);
  }

  /** The step's {@code env}, a map or a list of {@code NAME=value}, as strings. */
  static Map<String, String> env(Map<String, Object> step) throws SigningException {
    Object env = step.get(ENV);
    Map<String, String> out = new LinkedHashMap<>();
    if (env == null) {
      return out;
    }
    if (env instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.put(String.valueOf(e.getKey()), e.getValue() == null ? "" : scalar(e.getValue(), ENV));
      }
      return out;
    }
    if (env instanceof List<?> list) {
      for (Object item : list) {
        String pair = scalar(item, ENV);
        int eq = pair.indexOf('=');
        if (eq < 0) {
          out.put(pair, "");
        } else {
          out.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
      }
      return out;
    }
    throw new SigningException("the step's env is neither a map nor a list");
  }

  /**
   * The step's plugins in run order as {@code [{source: config}]}, whether written as a list of
   * names, of one-entry maps, or as one map; a plugin without configuration has {@code null}.
   */
  static List<Map<String, Object>> plugins(Map<String, Object> step) throws SigningException {
    Object plugins = step.get(PLUGINS);
    List<Map<String, Object>> out = new ArrayList<>();
    if (plugins == null) {
      return out;
    }
    if (plugins instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.add(plugin(String.valueOf(e.getKey()), e.getValue()));
      }
      return out;
    }
    if (!(plugins instanceof List<?> list)) {
      throw new SigningException("the step's plugins are neither a list nor a map");
    }
    for (Object item : list) {
      if (item instanceof String source) {
        out.add(plugin(source, null));
      } else if (item instanceof Map<?, ?> one && one.size() == 1) {
        Map.Entry<?, ?> e = one.entrySet().iterator().next();
        out.add(plugin(String.valueOf(e.getKey()), e.getValue()));
      } else {
        throw new SigningException("a plugin of the step is neither a name nor a one-entry map");
      }
    }
    return out;
  }

  private static Map<String, Object> plugin(String source, Object config) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put(source, config);
    return entry;
  }

  private static Object emptyToNull(Object value) {
    if ((value instanceof Map<?, ?> m && m.isEmpty())
        || (value instanceof List<?> l && l.isEmpty())) {
      return null;
    }
    return value;
  }

  private static String scalar(Object value, String field) throws SigningException {
    if (value instanceof Map<?, ?> || value instanceof List<?>) {
      throw new SigningException(
          "the step's " + field + " holds a map or a list where text belongs");
    }
    return String.valueOf(value);
  }
}
