package dev.cairn.pipeline;

import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;

/**
 * Reads one step in any of its spellings and hands it to the reader for its type. Groups are read
 * here because their children are steps; a group inside a group is reported, as the hosted service
 * refuses it at upload. Not thread-safe; one per file.
 */
final class StepReader {
  private final Document doc;
  private final StepKeys keys;
  private final CommandStepReader commands;
  private final WaitStepReader waits;
  private final BlockStepReader blocks;
  private final TriggerStepReader triggers;

  StepReader(Document doc, CommandStepReader.Defaults defaults) {
    this.doc = doc;
    this.keys = new StepKeys(doc);
    this.commands = new CommandStepReader(doc, keys, defaults);
    this.waits = new WaitStepReader(doc, keys);
    this.blocks = new BlockStepReader(doc, keys);
    this.triggers = new TriggerStepReader(doc, keys);
  }

  List<Step> readAll(Value steps) {
    return readAll(steps, false);
  }

  private List<Step> readAll(Value steps, boolean inGroup) {
    return doc.list(steps, "a list of steps").orElse(List.of()).stream()
        .flatMap(step -> read(step, inGroup).stream())
        .toList();
  }

  private Optional<Step> read(Value step, boolean inGroup) {
    if (step.node() instanceof MappingNode) {
      return doc.mapping(step, "a step").flatMap(fields -> readMapping(fields, inGroup));
    }
    Optional<String> name = Scalars.text(step.node());
    if (name.isPresent()) {
      return readScalar(step, name.get());
    }
    doc.problem(step, "expected a step (a mapping, or \"wait\"), found " + step.found());
    return Optional.empty();
  }

  /** The spellings {@code - wait}, {@code - block} and so on. */
  private Optional<Step> readScalar(Value step, String name) {
    Location at = doc.locate(step);
    return switch (name) {
      case "wait", "waiter" ->
          Optional.of(new WaitStep(Optional.empty(), Optional.empty(), false, at));
      case "block", "manual" ->
          Optional.of(
              new BlockStep(
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  List.of(),
                  BlockStep.BlockedState.PASSED,
                  List.of(),
                  Optional.empty(),
                  StepConditions.NONE,
                  java.util.Map.of(),
                  at));
      case "input" ->
          Optional.of(
              new InputStep(
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  List.of(),
                  List.of(),
                  Optional.empty(),
                  StepConditions.NONE,
                  java.util.Map.of(),
                  at));
      default -> {
        doc.problem(
            step,
            "expected a step written as text to be wait, waiter, block, input or manual, found \""
                + name
                + "\"");
        yield Optional.empty();
      }
    };
  }

  private Optional<Step> readMapping(Fields step, boolean inGroup) {
    return StepType.of(doc, step)
        .flatMap(type ->
            switch (type) {
              case COMMAND -> commands.read(step);
              case WAIT -> waits.read(step);
              case BLOCK -> blocks.read(step, false);
              case INPUT -> blocks.read(step, true);
              case TRIGGER -> triggers.read(step);
              case GROUP -> group(step, inGroup);
            });
  }

  private Optional<Step> group(Fields step, boolean inGroup) {
    if (inGroup) {
      doc.problem(step.owner(), "a group cannot contain another group; move it to the top level");
      return Optional.empty();
    }
    StepHeader h = StepHeader.read(doc, keys, step, List.of("group", "label", "name"));
    Optional<Value> steps = step.get("steps");
    List<Step> children = steps.map(v -> readAll(v, true)).orElse(List.of());
    if (steps.isEmpty()
        || (steps.get().node() instanceof org.snakeyaml.engine.v2.nodes.SequenceNode s
            && s.getValue().isEmpty())) {
      doc.problem(
          steps.orElse(step.owner()),
          "expected a group with at least one step in \"steps\", found none");
    }
    return Optional.of(
        new GroupStep(
            h.key(),
            h.label(),
            children,
            h.dependsOn(),
            h.conditions(),
            step.get("skip").map(v -> Skips.read(doc, v)).orElse(Skip.NONE),
            step.get("notify").map(v -> Notifications.read(doc, v)),
            h.attributes(),
            h.location()));
  }
}
