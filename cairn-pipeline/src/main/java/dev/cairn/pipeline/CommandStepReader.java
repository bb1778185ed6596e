package dev.cairn.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads a command step. A step with neither a command nor plugins (such as a bare {@code type:
 * script}, which the schema accepts) becomes a step with an empty command: the schema is our floor,
 * and an empty script passes. Attributes this slice does not model yet (plugins, retry, matrix,
 * soft_fail, if and so on) are ignored, not rejected. Not thread-safe.
 */
final class CommandStepReader {
  private static final String EXPECTED_COMMAND = "a command string or a list of them";

  private final Document doc;
  private final StepKeys keys;
  private final Map<String, String> defaultAgents;

  CommandStepReader(Document doc, StepKeys keys, Map<String, String> defaultAgents) {
    this.doc = doc;
    this.keys = keys;
    this.defaultAgents = defaultAgents;
  }

  Optional<Step> read(Fields outer) {
    Fields step = Nesting.unnest(doc, outer, List.of("command", "commands", "script"));
    step.get("script")
        .ifPresent(v ->
            doc.problem(v, "expected a nested command step (a mapping)," + " found " + v.found()));
    return Optional.of(
        new CommandStep(
            keys.read(step),
            step.oneOf(doc, List.of("label", "name")).flatMap(v -> doc.optionalText(v, "a label")),
            step.oneOf(doc, List.of("command", "commands")).map(this::script).orElse(""),
            step.get("depends_on").map(v -> Dependencies.read(doc, v)),
            step.get("env").map(v -> StringMaps.read(doc, v)).orElse(Map.of()),
            step.oneOf(doc, List.of("agents", "agent_query_rules"))
                .map(v -> AgentRules.read(doc, v))
                .orElse(defaultAgents),
            doc.locate(step.owner())));
  }

  /** A string is kept exactly (a {@code |} block keeps its final newline); a list is joined. */
  private String script(Value value) {
    if (value.isNull()) {
      return "";
    }
    if (value.node() instanceof SequenceNode) {
      return doc.list(value, EXPECTED_COMMAND).orElseThrow().stream()
          .flatMap(line -> doc.text(line, "a command string").stream())
          .collect(Collectors.joining("\n"));
    }
    return doc.text(value, EXPECTED_COMMAND).orElse("");
  }
}
