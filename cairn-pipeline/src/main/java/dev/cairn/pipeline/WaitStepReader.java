package dev.cairn.pipeline;

import java.util.List;
import java.util.Optional;

/**
 * Reads a wait step written as a mapping: {@code {wait: ~}}, {@code {wait: "label"}}, {@code {type:
 * wait}} or the nested {@code {wait: {continue_on_failure: true}}}. Not thread-safe.
 */
final class WaitStepReader {
  private final Document doc;
  private final StepKeys keys;

  WaitStepReader(Document doc, StepKeys keys) {
    this.doc = doc;
    this.keys = keys;
  }

  Optional<Step> read(Fields outer) {
    Fields step = Nesting.unnest(doc, outer, List.of("wait", "waiter"));
    StepHeader header =
        StepHeader.read(doc, keys, step, List.of("wait", "waiter", "label", "name"));
    return Optional.of(
        new WaitStep(
            header.key(),
            header.dependsOn(),
            step.get("continue_on_failure").flatMap(doc::bool).orElse(false),
            header.location(),
            header.label(),
            header.conditions(),
            header.attributes()));
  }
}
