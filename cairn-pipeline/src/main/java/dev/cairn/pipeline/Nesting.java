package dev.cairn.pipeline;

import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;

/**
 * Folds a nested step form into its step: {@code - wait: {continue_on_failure: true}} and the
 * schema's {@code - command: {command: x}} read as if the inner mapping were the step.
 */
final class Nesting {
  private Nesting() {}

  /** The step with the first of {@code names} whose value is a mapping folded in. */
  static Fields unnest(Document doc, Fields step, List<String> names) {
    for (String name : names) {
      Optional<Value> value = step.get(name).filter(v -> v.node() instanceof MappingNode);
      if (value.isPresent()) {
        return doc.mapping(value.get(), "a step")
            .map(inner -> step.withNested(name, inner))
            .orElse(step);
      }
    }
    return step;
  }
}
