package dev.cairn.agent.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

final class TimestamperTest {
  private static final String STAMP = "\u001b_bk;t=1700000000123\u0007";

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final Timestamper stamper =
      new Timestamper(out, InstantSource.fixed(Instant.ofEpochMilli(1_700_000_000_123L)));

  @Test
  void stampsEveryLineStartEvenAcrossWrites() throws Exception {
    write("one\ntw");
    write("o\n");
    write("\nthree");

    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo(STAMP + "one\n" + STAMP + "two\n" + STAMP + "\n" + STAMP + "three");
  }

  @Test
  void doesNotStampBeforeOutputArrives() throws Exception {
    write("end\n");

    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(STAMP + "end\n");
  }

  @Test
  void stampsWritesLargerThanItsStagingBufferAndCarriesOnAfterThem() throws Exception {
    String line = "x".repeat(99) + "\n";
    String many = line.repeat(20_000); // 2 MB: grows the staging buffer past what it keeps.
    write(many);
    write("after\n");

    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo((STAMP + line).repeat(20_000) + STAMP + "after\n");
  }

  private void write(String text) throws Exception {
    stamper.write(text.getBytes(StandardCharsets.UTF_8));
  }
}
