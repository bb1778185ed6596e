package dev.cairn.pipeline;

import java.util.Locale;

/** The static types of {@code if} expressions; {@code ANY} is a ternary with mixed branches. */
enum ExprType {
  BOOLEAN,
  STRING,
  NUMBER,
  ARRAY,
  REGEX,
  NULL,
  ANY;

  String word() {
    return name().toLowerCase(Locale.ROOT);
  }
}
