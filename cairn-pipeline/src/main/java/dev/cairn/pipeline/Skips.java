package dev.cairn.pipeline;

/** Reads {@code skip}: a boolean, or a reason of at most 70 characters ({@code ""} is false). */
final class Skips {
  static final int MAX_REASON = 70;

  private Skips() {}

  static Skip read(Document doc, Value value) {
    if (value.isNull()) {
      return Skip.NONE;
    }
    String text = Scalars.text(value.node()).orElse("");
    if (Scalars.isBool(value.node())) {
      return doc.bool(value).filter(b -> b).map(b -> new Skip(true, "")).orElse(Skip.NONE);
    }
    if (text.isEmpty()) {
      return doc.text(value, "true, false or a reason").map(t -> Skip.NONE).orElse(Skip.NONE);
    }
    if (text.length() > MAX_REASON) {
      doc.problem(
          value,
          "expected a skip reason of at most "
              + MAX_REASON
              + " characters, found "
              + text.length());
      return Skip.NONE;
    }
    return new Skip(true, text);
  }
}
