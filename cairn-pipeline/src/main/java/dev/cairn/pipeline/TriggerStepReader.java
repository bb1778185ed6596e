package dev.cairn.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a trigger step: {@code trigger} (the pipeline slug, required), {@code build}, {@code
 * async}, {@code soft_fail}, {@code parallelism} (documented, not in the schema; accepted) and
 * {@code skip}. Not thread-safe.
 */
final class TriggerStepReader {
  private final Document doc;
  private final StepKeys keys;

  TriggerStepReader(Document doc, StepKeys keys) {
    this.doc = doc;
    this.keys = keys;
  }

  Optional<Step> read(Fields step) {
    StepHeader h = StepHeader.read(doc, keys, step, List.of("label", "name"));
    Optional<String> slug =
        step.get("trigger").flatMap(v -> doc.text(v, "the slug of the pipeline to trigger"));
    if (!step.has("trigger")) {
      doc.problem(
          step.owner(), "expected a trigger step with \"trigger\" naming a pipeline, found none");
    }
    TriggerStep.Build build =
        step.get("build")
            .filter(v -> !v.isNull())
            .map(this::build)
            .orElse(TriggerStep.Build.DEFAULT);
    return slug.map(s ->
        new TriggerStep(
            h.key(),
            h.label(),
            s,
            build,
            step.get("async").flatMap(doc::bool).orElse(false),
            step.get("soft_fail").map(v -> SoftFails.read(doc, v)).orElse(SoftFail.NONE),
            step.get("parallelism")
                .flatMap(v -> doc.integer(v, "a parallelism", 1, Integer.MAX_VALUE)),
            step.get("skip").map(v -> Skips.read(doc, v)).orElse(Skip.NONE),
            h.dependsOn(),
            h.conditions(),
            h.attributes(),
            h.location()));
  }

  private TriggerStep.Build build(Value value) {
    return doc.mapping(value, "a mapping {branch, commit, message, env, meta_data}")
        .map(f ->
            new TriggerStep.Build(
                f.get("branch").flatMap(v -> doc.optionalText(v, "a branch")),
                f.get("commit").flatMap(v -> doc.optionalText(v, "a commit")),
                f.get("message").flatMap(v -> doc.optionalText(v, "a message")),
                f.get("env").map(v -> StringMaps.read(doc, v)).orElse(Map.of()),
                f.get("meta_data").map(v -> StringMaps.read(doc, v)).orElse(Map.of())))
        .orElse(TriggerStep.Build.DEFAULT);
  }
}
