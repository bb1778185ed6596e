package dev.cairn.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Interpolates a whole document the way the agent does before upload (spec §4): the top-level
 * {@code env} first, entry by entry in file order, keys and values, each result visible to later
 * entries and overriding the process environment; then every other string in the document, map keys
 * included, except a command step's {@code signature}. Only string scalars change; numbers,
 * booleans and nulls stay as written. A step's own {@code env} is interpolated but does not feed
 * interpolation.
 *
 * <p>The result is a new tree whose nodes keep their source marks, so later problems still point at
 * the right line. Shared (aliased) nodes are transformed once and stay shared. Not thread-safe.
 */
final class TreeInterpolation {
  private final Document doc;
  private final Map<String, String> env;
  private final IdentityHashMap<Node, Node> done = new IdentityHashMap<>();

  private TreeInterpolation(Document doc, Map<String, String> env) {
    this.doc = doc;
    this.env = new HashMap<>(env);
  }

  static Node apply(Document doc, Node root, Map<String, String> env) {
    TreeInterpolation interpolation = new TreeInterpolation(doc, env);
    if (root instanceof MappingNode top) {
      return interpolation.top(top);
    }
    return interpolation.node(root, "");
  }

  private Node top(MappingNode top) {
    Optional<NodeTuple> envTuple =
        top.getValue().stream()
            .filter(t -> Scalars.text(t.getKeyNode()).filter("env"::equals).isPresent())
            .findFirst();
    IdentityHashMap<NodeTuple, NodeTuple> replaced = new IdentityHashMap<>();
    envTuple.ifPresent(
        t -> replaced.put(t, new NodeTuple(t.getKeyNode(), pipelineEnv(t.getValueNode()))));
    List<NodeTuple> tuples = new ArrayList<>();
    MappingNode copy =
        new MappingNode(
            top.getTag(), true, tuples, top.getFlowStyle(), top.getStartMark(), top.getEndMark());
    copy.setAnchor(top.getAnchor());
    done.put(top, copy);
    for (NodeTuple t : top.getValue()) {
      NodeTuple r = replaced.get(t);
      tuples.add(r != null ? r : tuple(t, ""));
    }
    return copy;
  }

  /** The top-level env, each entry interpolated and then added to the environment. */
  private Node pipelineEnv(Node envNode) {
    if (!(envNode instanceof MappingNode mapping)) {
      return node(envNode, "env");
    }
    List<NodeTuple> tuples = new ArrayList<>();
    MappingNode copy =
        new MappingNode(
            mapping.getTag(),
            true,
            tuples,
            mapping.getFlowStyle(),
            mapping.getStartMark(),
            mapping.getEndMark());
    copy.setAnchor(mapping.getAnchor());
    done.put(mapping, copy);
    for (NodeTuple t : mapping.getValue()) {
      Node key = node(t.getKeyNode(), "env");
      String name = Scalars.text(key).orElse("");
      Node value = node(t.getValueNode(), "env." + name);
      tuples.add(new NodeTuple(key, value));
      if (!name.isEmpty()) {
        env.put(name, Scalars.text(value).orElse(""));
      }
    }
    return copy;
  }

  private Node node(Node node, String path) {
    Node seen = done.get(node);
    if (seen != null) {
      return seen;
    }
    return switch (node) {
      case ScalarNode scalar -> scalar(scalar, path);
      case SequenceNode sequence -> {
        List<Node> items = new ArrayList<>();
        SequenceNode copy =
            new SequenceNode(
                sequence.getTag(),
                true,
                items,
                sequence.getFlowStyle(),
                sequence.getStartMark(),
                sequence.getEndMark());
        copy.setAnchor(sequence.getAnchor());
        done.put(sequence, copy);
        for (Node item : sequence.getValue()) {
          items.add(node(item, path + "[" + items.size() + "]"));
        }
        yield copy;
      }
      case MappingNode mapping -> {
        List<NodeTuple> tuples = new ArrayList<>();
        MappingNode copy =
            new MappingNode(
                mapping.getTag(),
                true,
                tuples,
                mapping.getFlowStyle(),
                mapping.getStartMark(),
                mapping.getEndMark());
        // Kept so that MergeKeys still knows which mappings are shared.
        copy.setAnchor(mapping.getAnchor());
        done.put(mapping, copy);
        mapping.getValue().forEach(t -> tuples.add(tuple(t, path)));
        yield copy;
      }
      default -> node;
    };
  }

  private NodeTuple tuple(NodeTuple t, String path) {
    String name = Scalars.text(t.getKeyNode()).orElse("?");
    String child = path.isEmpty() ? name : path + "." + name;
    if (name.equals("signature") && path.startsWith("steps")) {
      return t;
    }
    return new NodeTuple(node(t.getKeyNode(), path), node(t.getValueNode(), child));
  }

  private Node scalar(ScalarNode scalar, String path) {
    if (!scalar.getTag().equals(Tag.STR)) {
      return scalar;
    }
    try {
      String value = Interpolation.apply(scalar.getValue(), env);
      if (value.equals(scalar.getValue())) {
        return scalar;
      }
      return new ScalarNode(
          Tag.STR,
          true,
          value,
          scalar.getScalarStyle(),
          scalar.getStartMark(),
          scalar.getEndMark());
    } catch (Interpolation.Failure e) {
      doc.problem(new Value(scalar, path), "interpolation failed: " + e.getMessage());
      return scalar;
    }
  }
}
