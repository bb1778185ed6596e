package dev.cairn.agent.job;

import dev.cairn.agent.jobapi.JobApiServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A command step's {@code secrets:} (spec §4.7): which secrets of the server's store the job gets
 * before its first hook, and under which environment variable. Buildkite accepts three shapes, as
 * the official agent reads them ({@code go-pipeline}'s {@code Secrets}):
 *
 * <ul>
 *   <li>a list of names, {@code [API_KEY]}: secret {@code API_KEY} as variable {@code API_KEY};
 *   <li>a map of variable to secret name, {@code {MY_VAR: api_key}};
 *   <li>a list of objects, {@code [{key: api_key, environment_variable: MY_VAR}]}, where the
 *       variable may be left out: then the secret is only fetched and redacted.
 * </ul>
 *
 * @param key the secret's name in the store
 * @param variable the environment variable it is set as; empty for none
 */
record StepSecrets(String key, String variable) {

  /** A step's secrets that cannot be used: the message names the entry and what is wrong. */
  static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message);
    }
  }

  /** The secrets of {@code step} (the step as uploaded), in the order given; none when absent. */
  static List<StepSecrets> of(Map<String, Object> step) throws Invalid {
    Object secrets = step == null ? null : step.get("secrets");
    List<StepSecrets> all = new ArrayList<>();
    switch (secrets) {
      case null -> {}
      case Map<?, ?> byVariable -> {
        for (Map.Entry<?, ?> entry : byVariable.entrySet()) {
          all.add(
              checked(
                  text(entry.getValue(), "secrets." + entry.getKey()),
                  String.valueOf(entry.getKey())));
        }
      }
      case List<?> list -> {
        for (int i = 0; i < list.size(); i++) {
          all.add(entry(list.get(i), "secrets[" + i + "]"));
        }
      }
      default ->
          throw new Invalid(
              "secrets must be a list or a map of variable to secret name, not " + secrets);
    }
    return List.copyOf(all);
  }

  private static StepSecrets entry(Object item, String where) throws Invalid {
    if (item instanceof String name) {
      return checked(name, name);
    }
    if (item instanceof Map<?, ?> object) {
      Object variable = object.get("environment_variable");
      return checked(
          text(object.get("key"), where + ".key"),
          variable == null ? "" : text(variable, where + ".environment_variable"));
    }
    throw new Invalid(where + " must be a secret name or {key, environment_variable}, not " + item);
  }

  private static String text(Object value, String where) throws Invalid {
    if (value instanceof String s && !s.isBlank()) {
      return s;
    }
    throw new Invalid(where + " must be a non-empty string, not " + value);
  }

  /** Refuses a variable the agent controls, as the official agent refuses protected ones. */
  private static StepSecrets checked(String key, String variable) throws Invalid {
    if (key.isBlank()) {
      throw new Invalid("a secret's name must not be empty");
    }
    if (JobApiServer.PROTECTED.contains(variable)) {
      throw new Invalid(
          "secret " + key + " cannot set the protected environment variable " + variable);
    }
    return new StepSecrets(key, variable);
  }
}
