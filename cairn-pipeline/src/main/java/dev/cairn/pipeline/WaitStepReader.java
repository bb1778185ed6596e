package dev.cairn.pipeline;

import java.util.List;
import java.util.Optional;

/**
 * Reads a wait step written as a mapping: {@code {wait: ~}}, {@code {wait: "label"}}, {@code {type:
 * wait}} or the nested {@code {wait: {continue_on_failure: true}}}. The label is checked but not
 * kept, because {@link WaitStep} has none. Not thread-safe.
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
    for (String name : List.of("wait", "waiter", "label", "name")) {
      step.get(name).ifPresent(label -> doc.optionalText(label, "a label, null or a mapping"));
    }
    return Optional.of(
        new WaitStep(
            keys.read(step),
            step.get("depends_on").map(v -> Dependencies.read(doc, v)),
            step.get("continue_on_failure").flatMap(doc::bool).orElse(false),
            doc.locate(step.owner())));
  }
}
