package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Streamed log bytes become clean whole lines, however the fetches cut them. */
final class LineAssemblerTest {
  /** Three stamped lines, the last unterminated, with characters of two and three bytes. */
  private static final String LOG =
      String.join(
          "",
          "\u001b_bk;t=1700000000000\u0007héllo wörld ✓\r\n",
          "\u001b_bk;t=1700000000001\u0007second\r\n",
          "\u001b_bk;t=1700000000002\u0007no end ✓");

  @Test
  void everyCutOfTheBytesGivesTheSameLines() {
    byte[] bytes = LOG.getBytes(StandardCharsets.UTF_8);
    for (int cut = 0; cut <= bytes.length; cut++) {
      LineAssembler lines = new LineAssembler();
      List<String> seen = new ArrayList<>();
      seen.addAll(lines.add(Arrays.copyOfRange(bytes, 0, cut)));
      seen.addAll(lines.add(Arrays.copyOfRange(bytes, cut, bytes.length)));
      lines.rest().ifPresent(seen::add);
      assertThat(seen)
          .as("cut at byte %d", cut)
          .containsExactly("héllo wörld ✓", "second", "no end ✓");
    }
  }

  @Test
  void nothingLeftOverMeansNoRest() {
    LineAssembler lines = new LineAssembler();
    assertThat(lines.add("a\n".getBytes(StandardCharsets.UTF_8))).containsExactly("a");
    assertThat(lines.rest()).isEmpty();
  }
}
