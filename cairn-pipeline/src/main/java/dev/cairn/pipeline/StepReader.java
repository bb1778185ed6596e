package dev.cairn.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;

/**
 * Reads one step in any of its spellings and hands it to the reader for its type. Step types this
 * slice does not model yet are reported as problems, so a pipeline using them is rejected whole
 * rather than run without its gates. Not thread-safe; one per file.
 */
final class StepReader {
  private final Document doc;
  private final CommandStepReader commands;
  private final WaitStepReader waits;

  StepReader(Document doc, Map<String, String> defaultAgents) {
    this.doc = doc;
    StepKeys keys = new StepKeys(doc);
    this.commands = new CommandStepReader(doc, keys, defaultAgents);
    this.waits = new WaitStepReader(doc, keys);
  }

  List<Step> readAll(Value steps) {
    return doc.list(steps, "a list of steps").orElse(List.of()).stream()
        .flatMap(step -> read(step).stream())
        .toList();
  }

  Optional<Step> read(Value step) {
    if (step.node() instanceof MappingNode) {
      return doc.mapping(step, "a step").flatMap(this::readMapping);
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
    return switch (name) {
      case "wait", "waiter" ->
          Optional.of(new WaitStep(Optional.empty(), Optional.empty(), false, doc.locate(step)));
      case "block", "manual" -> unsupported(step, StepType.BLOCK);
      case "input" -> unsupported(step, StepType.INPUT);
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

  private Optional<Step> readMapping(Fields step) {
    return StepType.of(doc, step)
        .flatMap(type ->
            switch (type) {
              case COMMAND -> commands.read(step);
              case WAIT -> waits.read(step);
              case BLOCK, INPUT, TRIGGER, GROUP -> unsupported(step.owner(), type);
            });
  }

  private Optional<Step> unsupported(Value step, StepType type) {
    doc.problem(step, type.word() + " steps are not supported by Cairn yet");
    return Optional.empty();
  }
}
