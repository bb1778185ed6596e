package dev.cairn.agent.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

final class ChunkerTest {
  @Test
  void cutsEachDrainIntoNumberedChunksWithRunningOffsets() {
    Chunker chunker = new Chunker(4);

    List<LogChunk> first = chunker.cut(bytes("abcdefghij"));
    List<LogChunk> second = chunker.cut(bytes("klm"));

    assertThat(first).extracting(LogChunk::sequence).containsExactly(1, 2, 3);
    assertThat(first).extracting(LogChunk::offset).containsExactly(0L, 4L, 8L);
    assertThat(first).extracting(c -> text(c.data())).containsExactly("abcd", "efgh", "ij");
    assertThat(second).extracting(LogChunk::sequence).containsExactly(4);
    assertThat(second).extracting(LogChunk::offset).containsExactly(10L);
    assertThat(chunker.bytesCut()).isEqualTo(13);
  }

  @Test
  void anEmptyDrainMakesNoChunk() {
    assertThat(new Chunker(4).cut(new byte[0])).isEmpty();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] data) {
    return new String(data, StandardCharsets.UTF_8);
  }
}
