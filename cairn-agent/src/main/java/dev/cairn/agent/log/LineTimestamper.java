package dev.cairn.agent.log;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Starts every line of output that is not a section header with {@code [<RFC 3339 UTC time>] }, as
 * the official v3 agent does with {@code --timestamp-lines} (its {@code agent/job_runner.go} and
 * {@code agent/header_times_streamer.go}): the time is that of the line's end, in whole seconds
 * ({@code [2024-05-01T12:00:00Z] }); header lines ({@code --- }, {@code +++ }, {@code ~~~ }, also
 * after ANSI colour codes) and the expand-previous line {@code ^^^ +++} are left as they are, so
 * the log viewer still finds them; a line ending {@code \r\n} ends in {@code \n} alone, and a last
 * line without a newline gets one on {@link #close()}.
 *
 * <p>Whether a line is a header is only known once it is complete, so a line is held until its
 * newline comes, across any number of writes. To bound memory, a line longer than {@value
 * #MAX_HELD_LINE} bytes (far beyond the 500 bytes a header may have) is let out, stamped, and its
 * rest passes straight through. Thread-safe (writes are synchronized).
 */
final class LineTimestamper extends OutputStream {
  static final int MAX_HELD_LINE = 64 * 1024;

  // The official agent's patterns, which Buildkite's log viewer shares. \s is spelled out: Java's
  // also matches a vertical tab, RE2's does not. Lines are decoded as ISO-8859-1, one char per
  // byte, so lengths count bytes as Go's len does, and DOTALL lets '.' match any byte but '\n'.
  private static final Pattern HEADER =
      Pattern.compile("(?:---|\\+\\+\\+|~~~)[\\t\\n\\f\\r ](.+)?", Pattern.DOTALL);
  private static final Pattern EXPANSION =
      Pattern.compile("\\^\\^\\^[\\t\\n\\f\\r ]+\\+\\+\\+[\\t\\n\\f\\r ]*", Pattern.DOTALL);
  private static final Pattern ANSI_COLOUR = Pattern.compile("\u001b\\[([;\\d]+)?[mK]");
  private static final int MAX_HEADER = 500;
  private static final int MAX_EXPANSION = 50;
  private static final byte[] NEWLINE = {'\n'};

  private final OutputStream out;
  private final InstantSource clock;
  private byte[] held = new byte[INITIAL_BUFFER];
  private int heldLength;
  private boolean passingThrough;
  private long stampedSecond = Long.MIN_VALUE;
  private byte[] stamp = new byte[0];

  /**
   * What one write becomes, handed on in a single write as the {@link Timestamper} does: a pipe
   * read holds many short lines, and the buffer behind takes a lock per write.
   */
  private byte[] staging = new byte[INITIAL_BUFFER];

  private int staged;
  private static final int INITIAL_BUFFER = 4 * 1024;

  LineTimestamper(OutputStream out, InstantSource clock) {
    this.out = out;
    this.clock = clock;
  }

  @Override
  public synchronized void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
    int start = offset;
    int end = offset + length;
    while (start < end) {
      int newline = Timestamper.indexOfNewline(bytes, start, end);
      if (newline < 0) {
        hold(bytes, start, end - start);
        break;
      }
      if (passingThrough) {
        stage(bytes, start, newline + 1 - start);
        passingThrough = false;
      } else {
        hold(bytes, start, newline - start);
        stageHeldLine();
      }
      start = newline + 1;
    }
    handOn();
  }

  /** Lets out a last line that never got its newline. Writes after this are not expected. */
  @Override
  public synchronized void close() throws IOException {
    if (passingThrough) {
      stage(NEWLINE, 0, 1);
      passingThrough = false;
    } else if (heldLength > 0) {
      stageHeldLine();
    }
    handOn();
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  /** Whether {@code line} (without its line ending) is a header the official agent leaves bare. */
  static boolean isHeader(String line) {
    if (line.length() < MAX_EXPANSION && EXPANSION.matcher(line).matches()) {
      return true;
    }
    String plain = line.indexOf('\u001b') < 0 ? line : ANSI_COLOUR.matcher(line).replaceAll("");
    return plain.length() < MAX_HEADER && HEADER.matcher(plain).matches();
  }

  /** Holds part of a line; a line grown too long is let out, stamped, and the rest flows on. */
  private void hold(byte[] bytes, int offset, int length) {
    if (passingThrough) {
      stage(bytes, offset, length);
      return;
    }
    held = append(held, heldLength, bytes, offset, length);
    heldLength += length;
    if (heldLength > MAX_HELD_LINE) {
      stageStamp();
      stage(held, 0, heldLength);
      release();
      passingThrough = true;
    }
  }

  /** Stages the held (now complete) line, stamped unless it is a header, ending in one newline. */
  private void stageHeldLine() {
    int length = heldLength > 0 && held[heldLength - 1] == '\r' ? heldLength - 1 : heldLength;
    if (length == 0
        || !mayBeHeader(held[0])
        || !isHeader(new String(held, 0, length, StandardCharsets.ISO_8859_1))) {
      stageStamp();
    }
    stage(held, 0, length);
    stage(NEWLINE, 0, 1);
    release();
  }

  /** Headers start with one of these (or with a colour code); most lines are ruled out here. */
  private static boolean mayBeHeader(byte first) {
    return first == '-' || first == '+' || first == '~' || first == '^' || first == 0x1b;
  }

  private void release() {
    heldLength = 0;
    if (held.length > MAX_HELD_LINE) {
      held = new byte[INITIAL_BUFFER];
    }
  }

  private void stage(byte[] bytes, int offset, int length) {
    staging = append(staging, staged, bytes, offset, length);
    staged += length;
  }

  private void handOn() throws IOException {
    if (staged > 0) {
      out.write(staging, 0, staged);
      staged = 0;
    }
    if (staging.length > MAX_HELD_LINE) {
      staging = new byte[INITIAL_BUFFER];
    }
  }

  /** Stages the prefix for now; lines within one second share it, so its bytes are reused. */
  private void stageStamp() {
    Instant now = clock.instant();
    if (now.getEpochSecond() != stampedSecond) {
      String time = DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
      stamp = ("[" + time + "] ").getBytes(StandardCharsets.US_ASCII);
      stampedSecond = now.getEpochSecond();
    }
    stage(stamp, 0, stamp.length);
  }

  /** {@code bytes} copied into {@code into} at {@code at}, in a larger array if it must grow. */
  private static byte[] append(byte[] into, int at, byte[] bytes, int offset, int length) {
    byte[] target =
        at + length > into.length
            ? Arrays.copyOf(into, Math.max(at + length, into.length * 2))
            : into;
    System.arraycopy(bytes, offset, target, at, length);
    return target;
  }
}
