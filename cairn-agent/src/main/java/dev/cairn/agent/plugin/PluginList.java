package dev.cairn.agent.plugin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code BUILDKITE_PLUGINS}: a JSON array whose elements are a source string, or an object of
 * one (or more) {@code source: config} entries whose config is an object or null (spec §7).
 */
public final class PluginList {
  static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private PluginList() {}

  /**
   * The plugins of {@code json}, in order; none for a blank value.
   *
   * @throws IllegalArgumentException naming the element that is not a plugin
   */
  public static List<Plugin> parse(String json) {
    if (json == null || json.isBlank()) {
      return List.of();
    }
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "BUILDKITE_PLUGINS is not JSON: " + e.getOriginalMessage(), e);
    }
    if (!root.isArray()) {
      throw new IllegalArgumentException("BUILDKITE_PLUGINS is not a JSON array");
    }
    List<Plugin> plugins = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      JsonNode element = root.get(i);
      if (element.isTextual()) {
        plugins.add(Plugin.of(element.asText(), null));
      } else if (element.isObject()) {
        for (Map.Entry<String, JsonNode> entry : element.properties()) {
          JsonNode config = entry.getValue();
          if (!config.isNull() && !config.isObject()) {
            throw new IllegalArgumentException(
                "BUILDKITE_PLUGINS["
                    + i
                    + "]: the configuration of \""
                    + entry.getKey()
                    + "\" is not an object");
          }
          plugins.add(Plugin.of(entry.getKey(), config));
        }
      } else {
        throw new IllegalArgumentException(
            "BUILDKITE_PLUGINS[" + i + "] is neither a source string nor an object");
      }
    }
    return plugins;
  }
}
