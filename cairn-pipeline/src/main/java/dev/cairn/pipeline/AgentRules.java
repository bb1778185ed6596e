package dev.cairn.pipeline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads {@code agents}: a mapping of tag names to values, or the legacy list of {@code key=value}
 * strings, both giving the same ordered map.
 */
final class AgentRules {
  private AgentRules() {}

  static Map<String, String> read(Document doc, Value value) {
    if (value.node() instanceof SequenceNode) {
      return fromList(doc, value);
    }
    if (value.isNull()) {
      return Map.of();
    }
    if (Scalars.text(value.node()).isPresent()) {
      doc.problem(
          value,
          "expected a mapping of agent tags or a list of key=value strings, found "
              + value.found());
      return Map.of();
    }
    return StringMaps.read(doc, value);
  }

  private static Map<String, String> fromList(Document doc, Value value) {
    Map<String, String> rules = new LinkedHashMap<>();
    for (Value item : doc.list(value, "a list of key=value strings").orElseThrow()) {
      doc.text(item, "a key=value string").ifPresent(rule -> put(doc, rules, item, rule));
    }
    return Collections.unmodifiableMap(rules);
  }

  private static void put(Document doc, Map<String, String> rules, Value item, String rule) {
    int equals = rule.indexOf('=');
    if (equals <= 0) {
      doc.problem(item, "expected a key=value string, found " + item.found());
      return;
    }
    rules.put(rule.substring(0, equals), rule.substring(equals + 1));
  }
}
