package dev.cairn.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads a present {@code depends_on}: null, a key, or a list of keys and {@code {step,
 * allow_failure}} mappings. Null and {@code []} both give an empty list, which means "no
 * dependencies, run at once", unlike an absent {@code depends_on}.
 */
final class Dependencies {
  private static final String EXPECTED_ITEM = "a step key or a mapping {step, allow_failure}";

  private Dependencies() {}

  static List<Dependency> read(Document doc, Value value) {
    if (value.isNull()) {
      return List.of();
    }
    if (value.node() instanceof SequenceNode) {
      List<Dependency> dependencies = new ArrayList<>();
      doc.list(value, "a list of dependencies").orElseThrow().stream()
          .flatMap(item -> one(doc, item).stream())
          .forEach(dependencies::add);
      return List.copyOf(dependencies);
    }
    if (value.node() instanceof MappingNode) {
      doc.problem(
          value,
          "expected a step key or a list of dependencies, found a mapping"
              + " (write a list: depends_on: [{step: key}])");
      return List.of();
    }
    return stepKey(doc, value).map(key -> List.of(new Dependency(key, false))).orElse(List.of());
  }

  private static Optional<Dependency> one(Document doc, Value item) {
    if (!(item.node() instanceof MappingNode)) {
      return Scalars.text(item.node()).isPresent()
          ? stepKey(doc, item).map(key -> new Dependency(key, false))
          : report(doc, item);
    }
    Fields fields = doc.mapping(item, EXPECTED_ITEM).orElseThrow();
    Optional<Value> step = fields.get("step");
    if (step.isEmpty()) {
      doc.problem(item, "expected a \"step\" naming the key depended on, found none");
      return Optional.empty();
    }
    boolean allowFailure = fields.get("allow_failure").flatMap(doc::bool).orElse(false);
    return stepKey(doc, step.get()).map(key -> new Dependency(key, allowFailure));
  }

  private static Optional<String> stepKey(Document doc, Value value) {
    Optional<String> key = doc.text(value, "a step key");
    if (key.isPresent() && key.get().isEmpty()) {
      doc.problem(value, "expected a step key, found an empty string");
      return Optional.empty();
    }
    return key;
  }

  private static Optional<Dependency> report(Document doc, Value item) {
    doc.problem(item, "expected " + EXPECTED_ITEM + ", found " + item.found());
    return Optional.empty();
  }
}
