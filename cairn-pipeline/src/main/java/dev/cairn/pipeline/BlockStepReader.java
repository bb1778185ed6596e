package dev.cairn.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads block and input steps, which share their attributes: {@code prompt}, {@code submit}, {@code
 * fields}, {@code allowed_teams} (at most 100), and for block only {@code blocked_state}. A field
 * key may hold letters, digits, {@code /}, {@code -} and {@code _}: the docs allow {@code /} and
 * the schema does not; we follow the docs. Not thread-safe.
 */
final class BlockStepReader {
  static final int MAX_TEAMS = 100;
  private static final Pattern FIELD_KEY = Pattern.compile("[a-zA-Z0-9/_-]+");

  private final Document doc;
  private final StepKeys keys;

  BlockStepReader(Document doc, StepKeys keys) {
    this.doc = doc;
    this.keys = keys;
  }

  Optional<Step> read(Fields outer, boolean input) {
    List<String> names = input ? List.of("input") : List.of("block", "manual");
    Fields step = Nesting.unnest(doc, outer, names);
    List<String> labels = new ArrayList<>(names);
    labels.addAll(List.of("label", "name"));
    StepHeader h = StepHeader.read(doc, keys, step, labels);
    Optional<String> prompt = step.get("prompt").flatMap(v -> doc.optionalText(v, "a prompt"));
    Optional<String> submit =
        step.get("submit").flatMap(v -> doc.optionalText(v, "a submit label"));
    List<BlockField> fields = step.get("fields").map(this::fields).orElse(List.of());
    List<String> teams = step.get("allowed_teams").map(this::teams).orElse(List.of());
    if (input) {
      return Optional.of(
          new InputStep(
              h.key(),
              h.label(),
              prompt,
              submit,
              fields,
              teams,
              h.dependsOn(),
              h.conditions(),
              h.attributes(),
              h.location()));
    }
    BlockStep.BlockedState state =
        step.get("blocked_state").flatMap(this::blockedState).orElse(BlockStep.BlockedState.PASSED);
    return Optional.of(
        new BlockStep(
            h.key(),
            h.label(),
            prompt,
            submit,
            fields,
            state,
            teams,
            h.dependsOn(),
            h.conditions(),
            h.attributes(),
            h.location()));
  }

  private Optional<BlockStep.BlockedState> blockedState(Value value) {
    return doc.text(value, "passed, failed or running")
        .flatMap(text ->
            switch (text) {
              case "passed" -> Optional.of(BlockStep.BlockedState.PASSED);
              case "failed" -> Optional.of(BlockStep.BlockedState.FAILED);
              case "running" -> Optional.of(BlockStep.BlockedState.RUNNING);
              default -> {
                doc.problem(value, "expected passed, failed or running, found \"" + text + "\"");
                yield Optional.empty();
              }
            });
  }

  private List<String> teams(Value value) {
    if (value.isNull()) {
      return List.of();
    }
    List<String> teams =
        value.node() instanceof SequenceNode
            ? doc.list(value, "a list of teams").orElseThrow().stream()
                .flatMap(item -> doc.text(item, "a team slug or id").stream())
                .toList()
            : doc.text(value, "a team or a list of teams").map(List::of).orElse(List.of());
    if (teams.size() > MAX_TEAMS) {
      doc.problem(value, "expected at most " + MAX_TEAMS + " allowed teams, found " + teams.size());
    }
    return teams;
  }

  private List<BlockField> fields(Value value) {
    if (value.isNull()) {
      return List.of();
    }
    return doc.list(value, "a list of fields").orElse(List.of()).stream()
        .flatMap(item -> doc.mapping(item, "a text or select field").flatMap(this::field).stream())
        .toList();
  }

  private Optional<BlockField> field(Fields f) {
    Optional<String> key =
        f.get("key").flatMap(v -> doc.text(v, "a field key").filter(k -> fieldKey(v, k)));
    if (!f.has("key")) {
      doc.problem(f.owner(), "expected a field with a \"key\", found none");
    }
    Optional<String> hint = f.get("hint").flatMap(v -> doc.optionalText(v, "a hint"));
    boolean required = f.get("required").flatMap(doc::bool).orElse(true);
    if (f.has("text")) {
      String label = f.get("text").flatMap(v -> doc.optionalText(v, "a field label")).orElse("");
      Optional<String> format =
          f.get("format").flatMap(v -> doc.optionalText(v, "a regular expression"));
      Optional<String> def = f.get("default").flatMap(v -> doc.optionalText(v, "a default value"));
      return key.map(k -> new BlockField.Text(k, label, hint, required, def, format));
    }
    if (f.has("select")) {
      String label = f.get("select").flatMap(v -> doc.optionalText(v, "a field label")).orElse("");
      boolean multiple = f.get("multiple").flatMap(doc::bool).orElse(false);
      List<String> defaults = f.get("default").map(this::defaults).orElse(List.of());
      List<BlockField.Option> options = f.get("options").map(this::options).orElse(List.of());
      if (options.isEmpty()) {
        doc.problem(f.owner(), "expected a select field with at least one option, found none");
      }
      return key.map(
          k -> new BlockField.Select(k, label, hint, required, defaults, multiple, options));
    }
    doc.problem(
        f.owner(),
        "expected a field with \"text\" or \"select\", found keys " + f.entries().keySet());
    return Optional.empty();
  }

  private boolean fieldKey(Value at, String key) {
    if (FIELD_KEY.matcher(key).matches()) {
      return true;
    }
    doc.problem(
        at, "expected a field key of letters, digits, / - and _ only, found \"" + key + "\"");
    return false;
  }

  private List<String> defaults(Value value) {
    if (value.node() instanceof SequenceNode) {
      return doc.list(value, "a list of defaults").orElseThrow().stream()
          .flatMap(item -> doc.text(item, "a default value").stream())
          .toList();
    }
    return doc.optionalText(value, "a default value").map(List::of).orElse(List.of());
  }

  private List<BlockField.Option> options(Value value) {
    return doc.list(value, "a list of options {label, value}").orElse(List.of()).stream()
        .flatMap(item -> doc.mapping(item, "an option {label, value}").stream())
        .flatMap(o -> {
          Optional<String> v = o.get("value").flatMap(x -> doc.text(x, "an option value"));
          if (!o.has("value")) {
            doc.problem(o.owner(), "expected an option with a \"value\", found none");
          }
          String label =
              o.get("label")
                  .flatMap(x -> doc.optionalText(x, "an option label"))
                  .orElse(v.orElse(""));
          return v.map(val -> new BlockField.Option(label, val)).stream();
        })
        .toList();
  }
}
