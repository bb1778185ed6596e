package dev.cairn.agent.plugin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The variables a plugin's hooks see (spec §7), named as the official agent names them: {@code
 * BUILDKITE_PLUGIN_NAME} and {@code BUILDKITE_PLUGIN_CONFIGURATION} (the configuration as JSON,
 * keys sorted), and for every value {@code BUILDKITE_PLUGIN_<NAME>_<KEY>}, where names and keys are
 * upper case with each {@code -} and white space as {@code _}, nested objects add {@code _<KEY>}
 * and arrays {@code _0}, {@code _1}… A name with runs of {@code _} also gets the older form with
 * single ones. A null value anywhere makes the official agent export none of the per-key variables
 * (it warns instead); this does the same, so plugins behave alike on both.
 */
public final class PluginEnvironment {
  private static final Pattern DASH_OR_SPACE = Pattern.compile("-|\\s");
  private static final Pattern UNDERSCORES = Pattern.compile("_+");
  private static final ObjectMapper SORTED =
      new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private PluginEnvironment() {}

  /** The result: the variables, and a warning when some could not be exported. */
  public record Result(Map<String, String> env, String warning) {}

  public static Result of(Plugin plugin) {
    Map<String, String> env = new LinkedHashMap<>();
    String prefix = "BUILDKITE_PLUGIN_" + envKey(plugin.name());
    env.put("BUILDKITE_PLUGIN_NAME", envKey(plugin.name()));
    env.put("BUILDKITE_PLUGIN_CONFIGURATION", json(plugin.config()));
    Map<String, String> values = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, JsonNode> entry : plugin.config().properties()) {
        walk(prefix + "_" + envKey(entry.getKey()), entry.getValue(), values);
      }
    } catch (IllegalArgumentException e) {
      return new Result(
          env,
          "cannot export the configuration of plugin " + plugin.name() + ": " + e.getMessage());
    }
    values.forEach(env::put);
    values.forEach((name, value) -> {
      String single = UNDERSCORES.matcher(name).replaceAll("_");
      env.putIfAbsent(single, value);
    });
    return new Result(env, null);
  }

  /** Upper case, each {@code -} or white-space character replaced by {@code _}. */
  static String envKey(String key) {
    return DASH_OR_SPACE.matcher(key.toUpperCase(Locale.ROOT)).replaceAll("_");
  }

  private static void walk(String name, JsonNode value, Map<String, String> into) {
    if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        walk(name + "_" + i, value.get(i), into);
      }
    } else if (value.isObject()) {
      for (Map.Entry<String, JsonNode> entry : value.properties()) {
        walk(name + "_" + envKey(entry.getKey()), entry.getValue(), into);
      }
    } else if (value.isNumber()) {
      into.put(name, value.isBigDecimal() ? value.decimalValue().toString() : value.asText());
    } else if (value.isTextual() || value.isBoolean()) {
      into.put(name, value.asText());
    } else {
      throw new IllegalArgumentException(
          name + " is " + value.getNodeType().name().toLowerCase(Locale.ROOT));
    }
  }

  /**
   * The configuration as Go's encoder writes it: keys sorted and {@code <}, {@code >}, {@code &}
   * escaped (they can only occur inside strings, so replacing them is safe).
   */
  static String json(JsonNode config) {
    try {
      Object plain = SORTED.treeToValue(config, Object.class);
      return SORTED
          .writeValueAsString(plain)
          .replace("<", "\\u003c")
          .replace(">", "\\u003e")
          .replace("&", "\\u0026")
          .replace("\u2028", "\\u2028")
          .replace("\u2029", "\\u2029");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }
}
