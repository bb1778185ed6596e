package dev.cairn.pipeline;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads a command step. A step with neither a command nor plugins (such as a bare {@code type:
 * script}, which the schema accepts) becomes a step with an empty command: the schema is our floor,
 * and an empty script passes. Attributes Cairn does not model are kept in {@code unknown}. Not
 * thread-safe.
 */
final class CommandStepReader {
  private static final String EXPECTED_COMMAND = "a command string or a list of them";
  static final int MAX_CONCURRENCY_GROUP = 200;

  private static final Set<String> KNOWN =
      Set.of(
          "command",
          "commands",
          "script",
          "agents",
          "agent_query_rules",
          "env",
          "parallelism",
          "matrix",
          "retry",
          "soft_fail",
          "timeout_in_minutes",
          "timeout",
          "concurrency",
          "concurrency_group",
          "concurrency_method",
          "priority",
          "artifact_paths",
          "artifacts",
          "plugins",
          "skip",
          "cancel_on_build_failing",
          "notify",
          "secrets",
          "signature");

  /** The top-level attributes that apply to command steps that lack their own. */
  record Defaults(Map<String, String> agents, Optional<Integer> priority) {
    static final Defaults NONE = new Defaults(Map.of(), Optional.empty());
  }

  private final Document doc;
  private final StepKeys keys;
  private final Defaults defaults;

  CommandStepReader(Document doc, StepKeys keys, Defaults defaults) {
    this.doc = doc;
    this.keys = keys;
    this.defaults = defaults;
  }

  Optional<Step> read(Fields outer) {
    Fields step = Nesting.unnest(doc, outer, List.of("command", "commands", "script"));
    step.get("script")
        .ifPresent(v ->
            doc.problem(v, "expected a nested command step (a mapping)," + " found " + v.found()));
    StepHeader header = StepHeader.read(doc, keys, step, List.of("label", "name"));
    Optional<Matrix> matrix = step.get("matrix").flatMap(v -> MatrixReader.read(doc, v));
    Optional<Integer> parallelism =
        step.get("parallelism").flatMap(v -> doc.integer(v, "a parallelism", 1, Integer.MAX_VALUE));
    if (matrix.isPresent() && parallelism.isPresent()) {
      doc.problem(
          step.get("parallelism").orElseThrow(), "give either matrix or parallelism, not both");
    }
    return Optional.of(
        new CommandStep(
            header.key(),
            header.label(),
            step.oneOf(doc, List.of("command", "commands")).map(this::script).orElse(""),
            header.dependsOn(),
            step.get("env").map(v -> StringMaps.read(doc, v)).orElse(Map.of()),
            step.oneOf(doc, List.of("agents", "agent_query_rules"))
                .map(v -> AgentRules.read(doc, v))
                .orElse(defaults.agents()),
            header.location(),
            header.conditions(),
            step.get("skip").map(v -> Skips.read(doc, v)).orElse(Skip.NONE),
            step.get("plugins").map(v -> Plugins.read(doc, v)).orElse(List.of()),
            matrix,
            parallelism,
            step.get("retry").map(v -> RetryReader.read(doc, v)).orElse(Retry.NONE),
            step.get("soft_fail").map(v -> SoftFails.read(doc, v)).orElse(SoftFail.NONE),
            step.oneOf(doc, List.of("timeout_in_minutes", "timeout"))
                .filter(v -> !v.isNull())
                .flatMap(v -> doc.integer(v, "a timeout in minutes", 1, Integer.MAX_VALUE)),
            concurrency(step),
            step.get("priority").flatMap(v -> doc.integer(v, "a priority")).or(defaults::priority),
            step.oneOf(doc, List.of("artifact_paths", "artifacts"))
                .map(this::artifactPaths)
                .orElse(List.of()),
            step.get("cancel_on_build_failing").flatMap(doc::bool).orElse(false),
            step.get("notify").map(v -> Notifications.read(doc, v)),
            step.get("secrets").map(doc::plain),
            step.get("signature").map(doc::plain),
            StepHeader.unknown(header.attributes(), KNOWN),
            header.attributes()));
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

  /** A list of globs, or one string of globs separated by {@code ;}. */
  private List<String> artifactPaths(Value value) {
    if (value.isNull()) {
      return List.of();
    }
    if (value.node() instanceof SequenceNode) {
      return doc.list(value, "a list of artifact paths").orElseThrow().stream()
          .flatMap(item -> doc.text(item, "an artifact path").stream())
          .toList();
    }
    return doc.text(value, "artifact paths").stream()
        .flatMap(text -> Arrays.stream(text.split(";")))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  /** {@code concurrency} and {@code concurrency_group} are required together. */
  private Optional<Concurrency> concurrency(Fields step) {
    Optional<Value> limit = step.get("concurrency").filter(v -> !v.isNull());
    Optional<Value> group = step.get("concurrency_group").filter(v -> !v.isNull());
    Optional<Concurrency.Method> method =
        step.get("concurrency_method")
            .flatMap(v -> doc.text(v, "ordered or eager"))
            .flatMap(m -> method(step, m));
    if (limit.isEmpty() && group.isEmpty()) {
      return Optional.empty();
    }
    if (limit.isEmpty() || group.isEmpty()) {
      doc.problem(
          limit.or(() -> group).orElseThrow(),
          "expected concurrency and concurrency_group together, found only "
              + (limit.isPresent() ? "concurrency" : "concurrency_group"));
      return Optional.empty();
    }
    Optional<Integer> n = doc.integer(limit.get(), "a concurrency limit", 1, Integer.MAX_VALUE);
    Optional<String> name = doc.text(group.get(), "a concurrency group name");
    if (name.isPresent() && name.get().length() > MAX_CONCURRENCY_GROUP) {
      doc.problem(
          group.get(),
          "expected a concurrency group name of at most "
              + MAX_CONCURRENCY_GROUP
              + " characters, found "
              + name.get().length());
      return Optional.empty();
    }
    if (n.isEmpty() || name.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Concurrency(n.get(), name.get(), method.orElse(Concurrency.Method.ORDERED)));
  }

  private Optional<Concurrency.Method> method(Fields step, String text) {
    return switch (text) {
      case "ordered" -> Optional.of(Concurrency.Method.ORDERED);
      case "eager" -> Optional.of(Concurrency.Method.EAGER);
      default -> {
        doc.problem(
            step.get("concurrency_method").orElseThrow(),
            "expected ordered or eager, found \"" + text + "\"");
        yield Optional.empty();
      }
    };
  }
}
