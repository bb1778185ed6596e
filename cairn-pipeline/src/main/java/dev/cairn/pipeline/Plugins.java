package dev.cairn.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads {@code plugins} in its three forms into one ordered list: a list of one-key mappings
 * ({@code - docker#v5: {image: x}}), a list of bare sources ({@code - docker#v5}), or the legacy
 * mapping of source to config, whose key order is the run order. Null means none.
 */
final class Plugins {
  private static final String EXPECTED =
      "a plugin source or a mapping of one plugin source to its config";

  private Plugins() {}

  static List<Plugin> read(Document doc, Value value) {
    if (value.isNull()) {
      return List.of();
    }
    List<Plugin> plugins = new ArrayList<>();
    if (value.node() instanceof SequenceNode) {
      doc.list(value, "a list of plugins").orElseThrow().forEach(item -> one(doc, item, plugins));
    } else {
      doc.mapping(value, "a list of plugins or a mapping of plugin sources to configs")
          .ifPresent(f -> f.entries().forEach((s, c) -> plugins.add(plugin(doc, s, c))));
    }
    return List.copyOf(plugins);
  }

  private static void one(Document doc, Value item, List<Plugin> plugins) {
    if (item.node() instanceof MappingNode) {
      Fields fields = doc.mapping(item, EXPECTED).orElseThrow();
      if (fields.entries().size() != 1) {
        doc.problem(
            item,
            "expected " + EXPECTED + ", found a mapping of " + fields.entries().size() + " keys");
        return;
      }
      fields.entries().forEach((s, c) -> plugins.add(plugin(doc, s, c)));
      return;
    }
    doc.text(item, EXPECTED).ifPresent(source -> plugins.add(new Plugin(source, Optional.empty())));
  }

  private static Plugin plugin(Document doc, String source, Value config) {
    return new Plugin(source, config.isNull() ? Optional.empty() : Optional.of(doc.plain(config)));
  }
}
