package dev.cairn.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads a whole pipeline document: a mapping with {@code steps}, {@code env} and {@code agents}, or
 * the legacy bare list of steps. Top-level keys this slice does not model (notify, secrets,
 * priority, image and unknown ones) are ignored. A top-level {@code agents} becomes the agents of
 * every command step that has none, because {@link Pipeline} does not carry it.
 */
final class PipelineReader {
  private PipelineReader() {}

  /** The pipeline, or empty when the text has no usable document; problems go to {@code doc}. */
  static Optional<Pipeline> read(Document doc, String text) {
    Optional<Node> root = YamlLoader.load(doc, text);
    if (root.isEmpty() || Scalars.isNull(root.get())) {
      if (doc.problems().isEmpty()) {
        doc.problem(Optional.empty(), "", "expected a pipeline, found an empty file");
      }
      return Optional.empty();
    }
    return read(doc, root.get());
  }

  private static Optional<Pipeline> read(Document doc, Node root) {
    return switch (root) {
      case SequenceNode list ->
          Optional.of(new Pipeline(Map.of(), new StepReader(doc, Map.of()).readAll(steps(list))));
      case MappingNode mapping ->
          doc.mapping(new Value(mapping, ""), "a pipeline").map(top -> fromMapping(doc, top));
      default -> {
        doc.problem(
            new Value(root, ""),
            "expected a pipeline (a mapping with \"steps\", or a list of steps), found "
                + Scalars.describe(root));
        yield Optional.empty();
      }
    };
  }

  private static Pipeline fromMapping(Document doc, Fields top) {
    Map<String, String> env = top.get("env").map(v -> StringMaps.read(doc, v)).orElse(Map.of());
    Map<String, String> agents =
        top.get("agents").map(v -> AgentRules.read(doc, v)).orElse(Map.of());
    List<Step> steps =
        top.get("steps")
            .filter(v -> !v.isNull())
            .map(v -> new StepReader(doc, agents).readAll(v))
            .orElse(List.of());
    return new Pipeline(env, steps);
  }

  /** A bare list reads as if it were under {@code steps}, so paths look the same either way. */
  private static Value steps(SequenceNode list) {
    return new Value(list, "steps");
  }
}
