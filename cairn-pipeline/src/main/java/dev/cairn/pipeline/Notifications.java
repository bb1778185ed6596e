package dev.cairn.pipeline;

import java.util.List;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads a {@code notify} list (top-level, command step or group step) and type-checks the {@code
 * if} of each notification at upload, as the service does for a step's {@code if} (spec §5): a
 * condition that does not check refuses the upload, naming the notification and its line. The
 * notifications themselves are kept as plain data.
 */
final class Notifications {
  private Notifications() {}

  /** The {@code notify} value as plain data, after reporting every bad condition in it. */
  static Object read(Document doc, Value notify) {
    if (notify.node() instanceof SequenceNode) {
      List<Value> entries = doc.list(notify, "a list of notifications").orElseThrow();
      for (Value entry : entries) {
        if (entry.node() instanceof MappingNode) {
          doc.mapping(entry, "a notification")
              .flatMap(fields -> fields.get("if"))
              .ifPresent(condition -> check(doc, condition));
        }
      }
    }
    return doc.plain(notify);
  }

  private static void check(Document doc, Value condition) {
    doc.text(condition, "an if expression")
        .ifPresent(expression ->
            Conditions.checkNotification(expression)
                .forEach(error ->
                    doc.problem(condition, "invalid if expression in a notification: " + error)));
  }
}
