package dev.cairn.pipeline;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The kinds of step, and how a mapping step says which it is: its {@code type} if present,
 * otherwise the first kind (in declaration order) one of whose keys it has. {@code script} as a key
 * is the schema's nested form {@code script: {command: x}}.
 */
enum StepType {
  COMMAND(
      List.of("command", "script", "commands"),
      List.of("command", "commands", "script", "plugins")),
  WAIT(List.of("wait", "waiter"), List.of("wait", "waiter")),
  BLOCK(List.of("block", "manual"), List.of("block", "manual")),
  INPUT(List.of("input"), List.of("input")),
  TRIGGER(List.of("trigger"), List.of("trigger")),
  GROUP(List.of("group"), List.of("group"));

  // The checker wants a type that is immutable by declaration, such as Guava's ImmutableList; we
  // have no Guava, and these lists come from List.of, which is unmodifiable.
  @SuppressWarnings("ImmutableEnumChecker")
  private final List<String> typeNames;

  @SuppressWarnings("ImmutableEnumChecker")
  private final List<String> keys;

  private static final List<StepType> VALUES = List.of(values());

  StepType(List<String> typeNames, List<String> keys) {
    this.typeNames = typeNames;
    this.keys = keys;
  }

  /** The word used in messages, such as "block". */
  String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Optional<StepType> of(Document doc, Fields step) {
    Optional<Value> type = step.get("type");
    if (type.isPresent()) {
      return doc.text(type.get(), "a step type").flatMap(name -> named(doc, type.get(), name));
    }
    Optional<StepType> byKey = byKey(step);
    if (byKey.isEmpty()) {
      doc.problem(
          step.owner(),
          "expected a step with one of command, commands, plugins, wait, block, input, trigger"
              + " or group, found a mapping with keys "
              + step.entries().keySet());
    }
    return byKey;
  }

  private static Optional<StepType> byKey(Fields step) {
    for (StepType type : VALUES) {
      for (String key : type.keys) {
        if (step.has(key)) {
          return Optional.of(type);
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<StepType> named(Document doc, Value at, String name) {
    Optional<StepType> type =
        Arrays.stream(values()).filter(t -> t.typeNames.contains(name)).findFirst();
    if (type.isEmpty()) {
      doc.problem(
          at,
          "expected a step type ("
              + Arrays.stream(values())
                  .flatMap(t -> t.typeNames.stream())
                  .collect(Collectors.joining(", "))
              + "), found \""
              + name
              + "\"");
    }
    return type;
  }
}
