package dev.cairn.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Cuts streamed log bytes into whole lines, keeping a partial last line until the rest arrives, and
 * strips the agent's ANSI timestamp escapes ({@code ESC _bk;t=<ms> BEL}) and carriage returns.
 * Lines are cut on bytes and decoded whole: the log is fetched by byte offset, so a fetch may end
 * inside a character of several UTF-8 bytes (a newline byte is never part of one).
 */
final class LineAssembler {
  private static final Pattern TIMESTAMP = Pattern.compile("\u001b_bk;t=\\d+\u0007");

  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

  List<String> add(byte[] bytes) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        partial.write(bytes, start, i - start);
        lines.add(clean(partial.toString(StandardCharsets.UTF_8)));
        partial.reset();
        start = i + 1;
      }
    }
    partial.write(bytes, start, bytes.length - start);
    return lines;
  }

  /** The unterminated last line, if any. */
  Optional<String> rest() {
    if (partial.size() == 0) {
      return Optional.empty();
    }
    String line = clean(partial.toString(StandardCharsets.UTF_8));
    partial.reset();
    return Optional.of(line);
  }

  static String clean(String line) {
    return TIMESTAMP.matcher(line).replaceAll("").replace("\r", "");
  }
}
