package dev.cairn.pipeline;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * What every step type shares, read once: key, label, {@code depends_on}, {@code if}, {@code
 * branches}, {@code allow_dependency_failure}, the step as plain data, and its location.
 */
record StepHeader(
    Optional<String> key,
    Optional<String> label,
    Optional<List<Dependency>> dependsOn,
    StepConditions conditions,
    Map<String, Object> attributes,
    Location location) {

  /** Names every step type understands, beyond its own. */
  static final Set<String> COMMON =
      Set.of(
          "type",
          "key",
          "id",
          "identifier",
          "label",
          "name",
          "depends_on",
          "allow_dependency_failure",
          "if",
          "branches",
          "if_changed");

  static StepHeader read(Document doc, StepKeys keys, Fields step, List<String> labelNames) {
    return new StepHeader(
        keys.read(step),
        label(doc, step, labelNames),
        step.get("depends_on").map(v -> Dependencies.read(doc, v)),
        conditions(doc, step),
        attributes(doc, step),
        doc.locate(step.owner()));
  }

  /**
   * The first non-null label among the fields {@code names}: for a group, {@code group} wins over
   * {@code label}, and {@code group: ~} falls back to it; likewise for {@code block: "x"} and
   * {@code wait: "x"}.
   */
  private static Optional<String> label(Document doc, Fields step, List<String> names) {
    Optional<String> label = Optional.empty();
    for (String field : names) {
      Optional<String> text =
          step.get(field)
              .filter(v -> !(v.node() instanceof org.snakeyaml.engine.v2.nodes.MappingNode))
              .flatMap(v -> doc.optionalText(v, "a label"));
      label = label.or(() -> text);
    }
    return label;
  }

  static StepConditions conditions(Document doc, Fields step) {
    Optional<String> condition =
        step.get("if").flatMap(v -> doc.text(v, "an if expression").filter(e -> checks(doc, v, e)));
    List<String> branches = step.get("branches").map(v -> branches(doc, v)).orElse(List.of());
    if (step.has("if") && step.has("branches")) {
      doc.problem(step.get("branches").orElseThrow(), "give either if or branches, not both");
    }
    boolean allow = step.get("allow_dependency_failure").flatMap(doc::bool).orElse(false);
    return new StepConditions(condition, branches, allow);
  }

  private static boolean checks(Document doc, Value at, String expression) {
    List<String> errors = Conditions.check(expression);
    errors.forEach(error -> doc.problem(at, "invalid if expression: " + error));
    return errors.isEmpty();
  }

  /** A space-separated string of patterns, or (as the schema allows) a list of them. */
  private static List<String> branches(Document doc, Value value) {
    if (value.isNull()) {
      return List.of();
    }
    if (value.node() instanceof SequenceNode) {
      return doc.list(value, "a list of branch patterns").orElseThrow().stream()
          .flatMap(item -> doc.text(item, "a branch pattern").stream())
          .flatMap(text -> split(text).stream())
          .toList();
    }
    return doc.text(value, "branch patterns separated by spaces")
        .map(StepHeader::split)
        .orElse(List.of());
  }

  private static List<String> split(String text) {
    return Arrays.stream(text.strip().split("\\s+")).filter(s -> !s.isEmpty()).toList();
  }

  static Map<String, Object> attributes(Document doc, Fields step) {
    LinkedHashMap<String, Object> map = LinkedHashMap.newLinkedHashMap(step.entries().size());
    step.entries().forEach((name, value) -> map.put(name, doc.plain(value)));
    return Ordered.own(map);
  }

  /** The step's attributes whose names are neither common nor in {@code known}. */
  static Map<String, Object> unknown(Map<String, Object> attributes, Set<String> known) {
    LinkedHashMap<String, Object> map = new LinkedHashMap<>();
    attributes.forEach((name, value) -> {
      if (!COMMON.contains(name) && !known.contains(name)) {
        map.put(name, value);
      }
    });
    return Ordered.own(map);
  }
}
