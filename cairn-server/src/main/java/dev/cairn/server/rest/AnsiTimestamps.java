package dev.cairn.server.rest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The timestamps the agent writes into logs: an APC escape {@code ESC _bk;t=<unix ms> BEL} before
 * each line (and mid-line when a line takes over a second). Works on bytes as ISO-8859-1 text, so
 * UTF-8 and other escapes pass through byte for byte.
 */
final class AnsiTimestamps {
  private static final Pattern STAMP = Pattern.compile("\u001b_bk;t=(\\d{1,19})\u0007");

  private AnsiTimestamps() {}

  /** The log without its timestamp escapes. */
  static byte[] strip(byte[] log) {
    return STAMP.matcher(latin1(log)).replaceAll("").getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * The log with each line-start timestamp turned into an {@code [RFC 3339] } prefix (as the
   * agent's {@code --timestamp-lines} prints them) and mid-line ones dropped.
   */
  static byte[] prefix(byte[] log) {
    String text = latin1(log);
    Matcher m = STAMP.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      boolean lineStart = m.start() == 0 || text.charAt(m.start() - 1) == '\n';
      String replacement = lineStart ? "[" + time(m.group(1)) + "] " : "";
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String time(String millis) {
    try {
      return Instant.ofEpochMilli(Long.parseLong(millis)).toString();
    } catch (NumberFormatException | java.time.DateTimeException e) {
      return millis;
    }
  }

  private static String latin1(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }
}
