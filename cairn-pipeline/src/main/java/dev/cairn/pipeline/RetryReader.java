package dev.cairn.pipeline;

import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads {@code retry}: {@code automatic} as a boolean, one rule or a list of rules, and {@code
 * manual} as a boolean or {@code {allowed, permit_on_passed, reason}}. A rule's {@code limit} is
 * 0..10 (default 2); a rule without {@code exit_status} matches any failing status.
 */
final class RetryReader {
  private RetryReader() {}

  static Retry read(Document doc, Value value) {
    if (value.isNull()) {
      return Retry.NONE;
    }
    Optional<Fields> fields = doc.mapping(value, "a mapping {automatic, manual}");
    if (fields.isEmpty()) {
      return Retry.NONE;
    }
    List<RetryRule> automatic =
        fields.get().get("automatic").map(v -> automatic(doc, v)).orElse(List.of());
    Retry manual = fields.get().get("manual").map(v -> manual(doc, v)).orElse(Retry.NONE);
    return new Retry(
        automatic, manual.manualAllowed(), manual.manualPermitOnPassed(), manual.manualReason());
  }

  private static List<RetryRule> automatic(Document doc, Value value) {
    if (value.isNull()) {
      return List.of();
    }
    if (value.node() instanceof SequenceNode) {
      return doc.list(value, "a list of retry rules").orElseThrow().stream()
          .flatMap(item -> rule(doc, item).stream())
          .toList();
    }
    if (value.node() instanceof MappingNode) {
      return rule(doc, value).map(List::of).orElse(List.of());
    }
    return doc.bool(value).filter(b -> b).map(b -> List.of(RetryRule.DEFAULT)).orElse(List.of());
  }

  private static Optional<RetryRule> rule(Document doc, Value value) {
    return doc.mapping(value, "a retry rule {exit_status, signal, signal_reason, limit}")
        .map(f -> {
          SoftFails.Statuses statuses =
              f.get("exit_status")
                  .map(v -> SoftFails.statuses(doc, v))
                  .orElse(new SoftFails.Statuses(true, List.of()));
          int limit =
              f.get("limit")
                  .flatMap(v -> doc.integer(v, "a retry limit", 0, RetryRule.MAX_LIMIT))
                  .orElse(RetryRule.DEFAULT_LIMIT);
          return new RetryRule(
              statuses.any(),
              statuses.statuses(),
              f.get("signal").flatMap(v -> doc.text(v, "a signal name or \"*\"")),
              f.get("signal_reason").flatMap(v -> doc.text(v, "a signal reason or \"*\"")),
              limit);
        });
  }

  private static Retry manual(Document doc, Value value) {
    if (!(value.node() instanceof MappingNode)) {
      boolean allowed = doc.bool(value).orElse(true);
      return new Retry(List.of(), allowed, false, Optional.empty());
    }
    Fields f = doc.mapping(value, "a mapping {allowed, permit_on_passed, reason}").orElseThrow();
    return new Retry(
        List.of(),
        f.get("allowed").flatMap(doc::bool).orElse(true),
        f.get("permit_on_passed").flatMap(doc::bool).orElse(false),
        f.get("reason").flatMap(v -> doc.optionalText(v, "a reason")));
  }
}
