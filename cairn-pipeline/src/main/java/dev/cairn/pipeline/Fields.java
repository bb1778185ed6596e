package dev.cairn.pipeline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.SequencedMap;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/**
 * The fields of one YAML mapping, by name and in file order, merge keys already applied. Each field
 * is a {@link Value} whose path extends the mapping's.
 */
final class Fields {
  private final Value owner;
  private final SequencedMap<String, Value> entries;

  /** Takes {@code entries} as its own: callers hand over a map they no longer touch. */
  private Fields(Value owner, SequencedMap<String, Value> entries) {
    this.owner = owner;
    this.entries = entries;
  }

  static Fields of(Value owner, SequencedMap<String, NodeTuple> tuples) {
    SequencedMap<String, Value> entries = LinkedHashMap.newLinkedHashMap(tuples.size());
    tuples.forEach((name, tuple) -> entries.put(name, owner.field(name, tuple.getValueNode())));
    return new Fields(owner, entries);
  }

  Value owner() {
    return owner;
  }

  Optional<Value> get(String name) {
    return Optional.ofNullable(entries.get(name));
  }

  boolean has(String name) {
    return entries.containsKey(name);
  }

  SequencedMap<String, Value> entries() {
    return Collections.unmodifiableSequencedMap(entries);
  }

  /**
   * The field under the first of {@code names} present. The names are aliases (such as {@code key},
   * {@code identifier} and {@code id}), so giving more than one is reported rather than silently
   * resolved.
   */
  Optional<Value> oneOf(Document doc, List<String> names) {
    // A plain loop: this runs for several aliases of every step, and streams cost more than the
    // lookups themselves.
    String first = null;
    for (String name : names) {
      Value extra = entries.get(name);
      if (extra == null) {
        continue;
      }
      if (first == null) {
        first = name;
      } else {
        doc.problem(extra, "\"" + first + "\" and \"" + name + "\" mean the same; give only one");
      }
    }
    return first == null ? Optional.empty() : Optional.of(entries.get(first));
  }

  /**
   * The step's fields with a nested step form folded in: {@code wait: {continue_on_failure: true}}
   * or {@code command: {command: x}} read as if the inner fields were written on the step. The
   * inner fields win over outer ones of the same name.
   */
  Fields withNested(String name, Fields nested) {
    SequencedMap<String, Value> merged = new LinkedHashMap<>(entries);
    merged.remove(name);
    merged.putAll(nested.entries);
    return new Fields(owner, merged);
  }
}
