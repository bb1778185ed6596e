package dev.cairn.pipeline;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.SequencedMap;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Applies YAML 1.1 merge keys to mappings, on demand, and checks mapping keys.
 *
 * <p>The rules: a mapping's own keys win over merged ones; with {@code <<: [*a, *b]} an earlier
 * source wins over a later one; merged keys take the place of the {@code <<} in key order (so
 * {@code env} order follows the file). A mapping may repeat {@code <<} but no other key. Results
 * are kept per shared (anchored) or merging mapping node, because aliases share nodes: without the
 * cache, sources that merge sources would be resolved again for every path that reaches them. A
 * mapping that merges itself, directly or through others, is reported, not followed.
 */
final class MergeKeys {
  /** Bounds recursion through merge chains; real pipelines nest merges two or three deep. */
  private static final int MAX_CHAIN = 64;

  private final Document doc;
  private final IdentityHashMap<MappingNode, SequencedMap<String, NodeTuple>> resolved =
      new IdentityHashMap<>();
  private final List<MappingNode> inProgress = new ArrayList<>();

  MergeKeys(Document doc) {
    this.doc = doc;
  }

  /** The mapping's entries by key text, in order, with merges applied and without merge keys. */
  SequencedMap<String, NodeTuple> resolve(MappingNode mapping, Value owner) {
    boolean merges = hasMergeKey(mapping);
    if (!merges && mapping.getAnchor().isEmpty()) {
      // Only an anchored mapping can be reached by more than one path, and only merges are costly
      // to redo; the rest is cheaper to resolve again than to cache (Document drops the repeated
      // problems a second reading reports).
      return plain(mapping, owner);
    }
    SequencedMap<String, NodeTuple> done = resolved.get(mapping);
    if (done != null) {
      return done;
    }
    SequencedMap<String, NodeTuple> entries =
        merges ? merged(mapping, owner) : plain(mapping, owner);
    resolved.put(mapping, entries);
    return entries;
  }

  /** Most mappings merge nothing: one pass takes their keys and reports bad or repeated ones. */
  private SequencedMap<String, NodeTuple> plain(MappingNode mapping, Value owner) {
    SequencedMap<String, NodeTuple> entries =
        LinkedHashMap.newLinkedHashMap(mapping.getValue().size());
    for (NodeTuple tuple : mapping.getValue()) {
      Node key = tuple.getKeyNode();
      Optional<String> text = Scalars.text(key);
      if (text.isEmpty()) {
        Value at = new Value(key, owner.path());
        doc.problem(at, "expected a text mapping key, found " + at.found());
      } else if (entries.putIfAbsent(text.get(), tuple) != null) {
        doc.problem(
            new Value(key, owner.path()), "mapping key \"" + text.get() + "\" is given twice");
      }
    }
    return entries;
  }

  private SequencedMap<String, NodeTuple> merged(MappingNode mapping, Value owner) {
    String path = owner.path();
    inProgress.add(mapping);
    SequencedMap<String, NodeTuple> entries = new LinkedHashMap<>();
    List<String> own = ownKeys(mapping, path);
    for (NodeTuple tuple : mapping.getValue()) {
      if (isMergeKey(tuple.getKeyNode())) {
        String mergePath = path.isEmpty() ? "<<" : path + ".<<";
        sources(
                new Value(tuple.getValueNode(), mergePath),
                new Value(tuple.getKeyNode(), mergePath))
            .forEach(source -> mergeInto(entries, own, source));
      } else {
        Scalars.text(tuple.getKeyNode()).ifPresent(key -> entries.putIfAbsent(key, tuple));
      }
    }
    inProgress.remove(inProgress.size() - 1);
    return entries;
  }

  private static boolean hasMergeKey(MappingNode mapping) {
    for (NodeTuple tuple : mapping.getValue()) {
      if (isMergeKey(tuple.getKeyNode())) {
        return true;
      }
    }
    return false;
  }

  private void mergeInto(SequencedMap<String, NodeTuple> entries, List<String> own, Value source) {
    resolve((MappingNode) source.node(), source)
        .forEach((key, tuple) -> {
          if (!own.contains(key)) {
            entries.putIfAbsent(key, tuple);
          }
        });
  }

  /** The mapping's own key texts, reporting keys that are not text and keys given twice. */
  private List<String> ownKeys(MappingNode mapping, String path) {
    List<String> keys = new ArrayList<>();
    for (NodeTuple tuple : mapping.getValue()) {
      Node key = tuple.getKeyNode();
      if (isMergeKey(key)) {
        continue;
      }
      Optional<String> text = Scalars.text(key);
      Value at = new Value(key, path);
      if (text.isEmpty()) {
        doc.problem(at, "expected a text mapping key, found " + at.found());
      } else if (keys.contains(text.get())) {
        doc.problem(at, "mapping key \"" + text.get() + "\" is given twice");
      } else {
        keys.add(text.get());
      }
    }
    return keys;
  }

  /**
   * The mappings a merge key names, checked for shape and for cycles. A cycle is reported at the
   * merge key itself: the alias would point at the anchored mapping, which is not where the mistake
   * is.
   */
  private List<Value> sources(Value value, Value key) {
    List<Value> candidates = new ArrayList<>();
    if (value.node() instanceof SequenceNode list) {
      list.getValue().forEach(item -> candidates.add(value.item(candidates.size(), item)));
    } else {
      candidates.add(value);
    }
    return candidates.stream().filter(source -> isMergeable(source, key)).toList();
  }

  private boolean isMergeable(Value source, Value key) {
    if (!(source.node() instanceof MappingNode mapping)) {
      doc.problem(
          source, "expected a mapping (or a list of mappings) to merge, found " + source.found());
      return false;
    }
    if (inProgress.contains(mapping)) {
      doc.problem(key, "a merge key (<<) refers back to a mapping that contains it");
      return false;
    }
    if (inProgress.size() >= MAX_CHAIN) {
      doc.problem(source, "merge keys (<<) chained more than " + MAX_CHAIN + " deep");
      return false;
    }
    return true;
  }

  private static boolean isMergeKey(Node key) {
    return key instanceof ScalarNode && key.getTag().equals(MergeKeepingComposer.MERGE_KEY);
  }
}
