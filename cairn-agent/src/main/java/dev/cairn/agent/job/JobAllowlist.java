package dev.cairn.agent.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which repositories, plugins and job variables this agent runs jobs with ({@code
 * --allowed-repositories}, {@code --allowed-plugins}, {@code --allowed-environment-variables} with
 * {@code --enable-environment-variable-allowlist}): regular expressions, any of which may match
 * anywhere in the value, as Go's {@code MatchString} in the official agent. An empty list allows
 * everything.
 *
 * <p>Design note (the official agent's behaviour): the job's {@code BUILDKITE_REPO} is checked as
 * given, an empty one included, and each plugin by its source as the step wrote it ({@code
 * docker#v5.0.0}, {@code github.com/org/x-buildkite-plugin#v1}); plugins are checked only where the
 * agent allows plugins at all. With the variable allow-list on, every name of the job's environment
 * must match, except those Buildkite sets ({@code CI}, {@code BUILDKITE} and {@code BUILDKITE_*}),
 * which are always allowed. A job that fails a check is refused before anything of it runs. The log
 * line shows a repository address without its user and password, and variables by name only.
 *
 * @param repositories patterns for {@code BUILDKITE_REPO}
 * @param plugins patterns for each plugin source
 * @param checkEnvironment whether the job's variable names are checked at all
 * @param environment patterns for the names of the job's variables
 */
public record JobAllowlist(
    List<Pattern> repositories,
    List<Pattern> plugins,
    boolean checkEnvironment,
    List<Pattern> environment) {
  public static final JobAllowlist NONE = new JobAllowlist(List.of(), List.of(), false, List.of());

  private static final Pattern SET_BY_BUILDKITE = Pattern.compile("^(CI|BUILDKITE|BUILDKITE_.*)$");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/@]+@");

  public JobAllowlist {
    repositories = List.copyOf(repositories);
    plugins = List.copyOf(plugins);
    environment = List.copyOf(environment);
  }

  /** Why this agent refuses a job with environment {@code env}; empty if it runs it. */
  Optional<String> refusal(Map<String, String> env, boolean pluginsEnabled) {
    String repository = env.getOrDefault("BUILDKITE_REPO", "");
    if (!allowed(repositories, repository)) {
      return Optional.of(
          "the repository \""
              + USER_INFO.matcher(repository).replaceFirst("***@")
              + "\" matches none of --allowed-repositories "
              + repositories);
    }
    if (checkEnvironment) {
      List<String> refused =
          env.keySet().stream()
              .filter(name -> !SET_BY_BUILDKITE.matcher(name).matches())
              .filter(name -> environment.stream().noneMatch(p -> p.matcher(name).find()))
              .sorted()
              .toList();
      if (!refused.isEmpty()) {
        return Optional.of(
            "the job's variables "
                + refused
                + " match none of --allowed-environment-variables "
                + environment);
      }
    }
    String pluginsJson = env.getOrDefault("BUILDKITE_PLUGINS", "");
    if (plugins.isEmpty() || !pluginsEnabled || pluginsJson.isBlank()) {
      return Optional.empty();
    }
    List<String> sources;
    try {
      sources = sources(pluginsJson);
    } catch (IllegalArgumentException e) {
      return Optional.of(
          "cannot check the job's plugins against --allowed-plugins: " + e.getMessage());
    }
    for (String source : sources) {
      if (!allowed(plugins, source)) {
        return Optional.of(
            "the plugin \"" + source + "\" matches none of --allowed-plugins " + plugins);
      }
    }
    return Optional.empty();
  }

  private static boolean allowed(List<Pattern> patterns, String value) {
    return patterns.isEmpty() || patterns.stream().anyMatch(p -> p.matcher(value).find());
  }

  /** The sources of {@code BUILDKITE_PLUGINS}: each string, or each object's one key. */
  private static List<String> sources(String json) {
    JsonNode list;
    try {
      list = JSON.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(
          "BUILDKITE_PLUGINS is not JSON: " + e.getOriginalMessage(), e);
    }
    if (list == null || !list.isArray()) {
      throw new IllegalArgumentException("BUILDKITE_PLUGINS is not a JSON array");
    }
    List<String> sources = new ArrayList<>();
    for (JsonNode item : list) {
      if (item.isTextual()) {
        sources.add(item.asText());
      } else if (item.isObject()) {
        item.fieldNames().forEachRemaining(sources::add);
      } else {
        throw new IllegalArgumentException(
            "a plugin of BUILDKITE_PLUGINS is neither text nor object");
      }
    }
    return sources;
  }
}
