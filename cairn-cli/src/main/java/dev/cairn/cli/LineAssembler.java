package dev.cairn.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Cuts streamed log text into whole lines, keeping a partial last line until the rest arrives, and
 * strips the agent's ANSI timestamp escapes ({@code ESC _bk;t=<ms> BEL}) and carriage returns.
 */
final class LineAssembler {
  private static final Pattern TIMESTAMP = Pattern.compile("\u001b_bk;t=\\d+\u0007");

  private final StringBuilder partial = new StringBuilder();

  List<String> add(String text) {
    partial.append(text);
    List<String> lines = new ArrayList<>();
    int newline;
    while ((newline = partial.indexOf("\n")) >= 0) {
      lines.add(clean(partial.substring(0, newline)));
      partial.delete(0, newline + 1);
    }
    return lines;
  }

  /** The unterminated last line, if any. */
  Optional<String> rest() {
    if (partial.isEmpty()) {
      return Optional.empty();
    }
    String line = clean(partial.toString());
    partial.setLength(0);
    return Optional.of(line);
  }

  static String clean(String line) {
    return TIMESTAMP.matcher(line).replaceAll("").replace("\r", "");
  }
}
