package dev.cairn.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads {@code env}-shaped mappings: names to scalars, every value kept as text and the order kept,
 * because later env entries may refer to earlier ones.
 */
final class StringMaps {
  private StringMaps() {}

  /** A null mapping is empty; a null value is the empty string, as in {@code FOO:}. */
  static Map<String, String> read(Document doc, Value value) {
    if (value.isNull()) {
      return Map.of();
    }
    LinkedHashMap<String, String> result = new LinkedHashMap<>();
    doc.mapping(value, "a mapping of names to values")
        .ifPresent(fields -> fields.entries().forEach((name, v) -> put(doc, result, name, v)));
    return Ordered.own(result);
  }

  private static void put(Document doc, Map<String, String> result, String name, Value value) {
    if (value.isNull()) {
      result.put(name, "");
    } else {
      doc.text(value, "a string, number or boolean").ifPresent(text -> result.put(name, text));
    }
  }
}
