package dev.cairn.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads {@code soft_fail}: a boolean, or a list of {@code {exit_status: N or "*"}}. Also reads the
 * exit-status form shared with retry rules: an integer, {@code "*"}, or a list of integers.
 */
final class SoftFails {
  private SoftFails() {}

  static SoftFail read(Document doc, Value value) {
    if (value.isNull()) {
      return SoftFail.NONE;
    }
    if (!(value.node() instanceof SequenceNode)) {
      return doc.bool(value).map(soft -> soft ? SoftFail.ANY : SoftFail.NONE).orElse(SoftFail.NONE);
    }
    boolean any = false;
    List<Integer> statuses = new ArrayList<>();
    for (Value item : doc.list(value, "a list of {exit_status}").orElseThrow()) {
      Optional<Value> status =
          doc.mapping(item, "a mapping {exit_status: N or \"*\"}")
              .flatMap(f -> f.get("exit_status"));
      if (status.isPresent()) {
        Statuses read = statuses(doc, status.get());
        any |= read.any();
        statuses.addAll(read.statuses());
      }
    }
    return new SoftFail(any, statuses);
  }

  /** An exit-status match: {@code "*"} (any), an integer, or a list of integers. */
  record Statuses(boolean any, List<Integer> statuses) {}

  static Statuses statuses(Document doc, Value value) {
    if (value.node() instanceof SequenceNode) {
      return new Statuses(
          false,
          doc.list(value, "a list of exit statuses").orElseThrow().stream()
              .flatMap(item -> status(doc, item).stream())
              .toList());
    }
    if (Scalars.text(value.node()).filter("*"::equals).isPresent()) {
      return new Statuses(true, List.of());
    }
    return new Statuses(false, status(doc, value).map(List::of).orElse(List.of()));
  }

  private static Optional<Integer> status(Document doc, Value value) {
    return doc.integer(value, "an exit status (-1..255) or \"*\"", -1, 255);
  }
}
