package dev.cairn.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Turns YAML nodes into plain Java data for attributes kept as written (plugin configs, notify,
 * unknown fields, {@code job.step}). Aliases are copied, not shared, so a budget of values per
 * document stops a few aliases of aliases from growing into billions of values; a document over it
 * is reported once. Not thread-safe; one per document.
 */
final class PlainData {
  /**
   * About 40 values per step for a 50,000-step pipeline, which is far beyond the upload limits but
   * still parses; alias bombs grow exponentially and hit this long before memory runs out.
   */
  static final int MAX_VALUES = 2_000_000;

  private final Document doc;
  private int values;
  private boolean reported;

  PlainData(Document doc) {
    this.doc = doc;
  }

  Object of(Value value) {
    return of(value, 0);
  }

  private Object of(Value value, int depth) {
    if (++values > MAX_VALUES || depth > 250) {
      if (!reported) {
        reported = true;
        doc.problem(
            value,
            "the document holds more than " + MAX_VALUES + " values once aliases are expanded");
      }
      return "";
    }
    // Straight from the nodes, not through Fields and lists of Values: every step is turned into
    // plain data, so this walks most of the document.
    Node node = value.node();
    if (node instanceof MappingNode mapping) {
      SequencedMap<String, NodeTuple> entries = doc.entries(mapping, value);
      Map<String, Object> map = LinkedHashMap.newLinkedHashMap(entries.size());
      for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
        map.put(e.getKey(), of(value.field(e.getKey(), e.getValue().getValueNode()), depth + 1));
      }
      return Collections.unmodifiableMap(map);
    }
    if (node instanceof SequenceNode sequence) {
      List<Node> items = sequence.getValue();
      List<Object> list = new ArrayList<>(items.size());
      for (int i = 0; i < items.size(); i++) {
        list.add(of(value.item(i, items.get(i)), depth + 1));
      }
      return Collections.unmodifiableList(list);
    }
    return scalar((ScalarNode) node);
  }

  static Object scalar(ScalarNode node) {
    Tag tag = node.getTag();
    String text = node.getValue();
    if (tag.equals(Tag.NULL)) {
      return NULL;
    }
    if (tag.equals(Tag.BOOL)) {
      return Boolean.parseBoolean(text.toLowerCase(java.util.Locale.ROOT));
    }
    if (tag.equals(Tag.INT)) {
      return Scalars.parseLong(text).<Object>map(l -> l).orElse(text);
    }
    if (tag.equals(Tag.FLOAT)) {
      try {
        return Double.parseDouble(text);
      } catch (NumberFormatException e) {
        return text;
      }
    }
    return text;
  }

  /**
   * Null in plain data. Maps and lists hold it as a real null, which the unmodifiable wrappers
   * allow; this constant names the intent.
   */
  static final Object NULL = null;
}
