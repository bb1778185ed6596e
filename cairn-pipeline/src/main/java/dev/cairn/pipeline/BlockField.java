package dev.cairn.pipeline;

import java.util.List;
import java.util.Optional;

/**
 * One field of a block or input step; its value goes to build meta-data under {@code key} (letters,
 * digits, {@code /}, {@code -} and {@code _}).
 */
public sealed interface BlockField {
  String key();

  String label();

  Optional<String> hint();

  boolean required();

  /** A free text field; {@code format} is a regular expression the value must match. */
  record Text(
      String key,
      String label,
      Optional<String> hint,
      boolean required,
      Optional<String> defaultValue,
      Optional<String> format)
      implements BlockField {}

  /** A choice among {@code options}; {@code defaults} may hold several when {@code multiple}. */
  record Select(
      String key,
      String label,
      Optional<String> hint,
      boolean required,
      List<String> defaults,
      boolean multiple,
      List<Option> options)
      implements BlockField {
    public Select {
      defaults = List.copyOf(defaults);
      options = List.copyOf(options);
    }
  }

  /** One option of a select field. */
  record Option(String label, String value) {}
}
