package dev.cairn.pipeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads a whole pipeline document: a mapping with {@code steps}, {@code env} and {@code agents}, or
 * the legacy bare list of steps. Top-level keys Cairn does not model ({@code image}, {@code
 * checkout} and unknown ones) are kept as plain data. A top-level {@code agents} and {@code
 * priority} become those of every command step that has none.
 */
final class PipelineReader {
  private static final Set<String> KNOWN =
      Set.of("steps", "env", "agents", "notify", "priority", "secrets");

  private PipelineReader() {}

  /** The pipeline, or empty when the text has no usable document; problems go to {@code doc}. */
  static Optional<Pipeline> read(Document doc, String text) {
    return read(doc, text, Optional.empty());
  }

  /**
   * Like {@link #read(Document, String)}, first interpolating the document against {@code env} when
   * one is given, as the agent does at upload.
   */
  static Optional<Pipeline> read(Document doc, String text, Optional<Map<String, String>> env) {
    Optional<Node> root =
        YamlLoader.load(doc, text)
            .map(node -> env.map(e -> TreeInterpolation.apply(doc, node, e)).orElse(node));
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
          Optional.of(
              new Pipeline(
                  Map.of(),
                  new StepReader(doc, CommandStepReader.Defaults.NONE).readAll(steps(list))));
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
    Optional<Integer> priority = top.get("priority").flatMap(v -> doc.integer(v, "a priority"));
    CommandStepReader.Defaults defaults = new CommandStepReader.Defaults(agents, priority);
    List<Step> steps =
        top.get("steps")
            .filter(v -> !v.isNull())
            .map(v -> new StepReader(doc, defaults).readAll(v))
            .orElse(List.of());
    Map<String, Object> unknown = new LinkedHashMap<>();
    top.entries()
        .forEach((name, value) -> {
          if (!KNOWN.contains(name)) {
            unknown.put(name, doc.plain(value));
          }
        });
    return new Pipeline(
        env,
        steps,
        agents,
        top.get("notify").map(v -> Notifications.read(doc, v)),
        priority,
        top.get("secrets").map(doc::plain),
        unknown);
  }

  /** A bare list reads as if it were under {@code steps}, so paths look the same either way. */
  private static Value steps(SequenceNode list) {
    return new Value(list, "steps");
  }
}
