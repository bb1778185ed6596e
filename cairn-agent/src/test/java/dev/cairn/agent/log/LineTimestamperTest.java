package dev.cairn.agent.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@code --timestamp-lines} as the official v3 agent prefixes lines ({@code agent/job_runner.go},
 * header patterns from {@code agent/header_times_streamer.go}).
 */
final class LineTimestamperTest {
  private static final String STAMP = "[2023-11-14T22:13:20Z] ";

  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.ofEpochMilli(1_700_000_000_987L));
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final InstantSource clock = now::get;
  private final LineTimestamper stamper = new LineTimestamper(out, clock);

  @Test
  void prefixesEachLineWithItsTimeInWholeUtcSeconds() throws Exception {
    write("one\ntwo\n\n");

    assertThat(output()).isEqualTo(STAMP + "one\n" + STAMP + "two\n" + STAMP + "\n");
  }

  @Test
  void holdsALineSplitAcrossWritesUntilItsNewlineAndStampsItWithThatTime() throws Exception {
    write("hel");
    assertThat(output()).as("nothing before the line is complete").isEmpty();
    now.set(Instant.parse("2024-05-01T12:00:09.500Z"));
    write("lo wor");
    write("ld\nnext");

    assertThat(output()).isEqualTo("[2024-05-01T12:00:09Z] hello world\n");
  }

  @Test
  void leavesHeadersAndTheExpansionMarkerBare() throws Exception {
    write("--- a group\n+++ :rocket: expanded\n~~~ Running commands\n^^^ +++\n");
    write("\u001b[33m--- coloured header\u001b[0m\n");
    write("---no space\n-- two dashes\n---\n echo --- not first\n");

    assertThat(output())
        .isEqualTo(
            "--- a group\n+++ :rocket: expanded\n~~~ Running commands\n^^^ +++\n"
                + "\u001b[33m--- coloured header\u001b[0m\n"
                + STAMP
                + "---no space\n"
                + STAMP
                + "-- two dashes\n"
                + STAMP
                + "---\n"
                + STAMP
                + " echo --- not first\n");
  }

  @Test
  void aHeaderOf500BytesOrMoreIsALineCountingBytesNotCharacters() throws Exception {
    String longest = "--- " + "é".repeat(247); // 498 bytes
    String tooLong = "--- " + "é".repeat(248); // 500 bytes
    write(longest + "\n" + tooLong + "\n");

    assertThat(output()).isEqualTo(longest + "\n" + STAMP + tooLong + "\n");
  }

  @Test
  void aCarriageReturnBeforeTheNewlineIsDroppedAsTheOfficialLineScannerDropsIt() throws Exception {
    write("from a terminal\r\n");
    write("progress 1\rprogress 2\r\n");

    assertThat(output())
        .isEqualTo(STAMP + "from a terminal\n" + STAMP + "progress 1\rprogress 2\n");
  }

  @Test
  void closeLetsOutALastLineWithoutNewline() throws Exception {
    write("done\nno newline");
    stamper.close();

    assertThat(output()).isEqualTo(STAMP + "done\n" + STAMP + "no newline\n");
  }

  @Test
  void aLineTooLongToHoldIsLetOutStampedOnceAndTheRestFlowsThrough() throws Exception {
    String big = "y".repeat(LineTimestamper.MAX_HELD_LINE + 1);
    write(big);
    assertThat(output()).as("let out before its newline").isEqualTo(STAMP + big);
    write("tail\nafter\n");
    write("cut off");
    stamper.close();

    assertThat(output())
        .isEqualTo(STAMP + big + "tail\n" + STAMP + "after\n" + STAMP + "cut off\n");
  }

  @Test
  void manyLinesInOneWriteAreEachStamped() throws Exception {
    String line = "x".repeat(99) + "\n";
    write(line.repeat(20_000));

    assertThat(output()).isEqualTo((STAMP + line).repeat(20_000));
  }

  private void write(String text) throws Exception {
    stamper.write(text.getBytes(StandardCharsets.UTF_8));
  }

  private String output() {
    return out.toString(StandardCharsets.UTF_8);
  }
}
