package dev.cairn.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.port.LogStore;
import dev.cairn.testkit.DatabaseTest;
import dev.cairn.testkit.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Job logs as chunks that arrive out of order, repeated, or with holes. */
class LogStoreTest {
  private static final int ALL = Integer.MAX_VALUE;

  private Store store;
  private LogStore logs;

  @BeforeEach
  void open(TestDatabase database) {
    store = Store.open(StoreFixture.config(database));
    logs = store.logs();
  }

  @AfterEach
  void close() {
    store.close();
  }

  @DatabaseTest
  void chunksOutOfOrderAndRepeatedReadBackAsTheExactByteStream() {
    byte[] log = everyByteValue(3);
    byte[][] chunks = {slice(log, 0, 100), slice(log, 100, 400), slice(log, 400, log.length)};

    logs.append("job-1", 400, chunks[2]);
    logs.append("job-1", 0, chunks[0]);
    logs.append("job-1", 400, chunks[2]);
    logs.append("job-1", 100, chunks[1]);
    logs.append("job-1", 0, chunks[0]);

    assertThat(logs.read("job-1", 0, ALL)).isEqualTo(log);
    assertThat(logs.read("job-1", 250, ALL)).isEqualTo(slice(log, 250, log.length));
    assertThat(logs.read("job-1", 50, 500)).isEqualTo(slice(log, 50, 550));
    assertThat(logs.read("job-1", log.length, ALL)).isEmpty();
    assertThat(logs.read("job-2", 0, ALL)).isEmpty();
  }

  @DatabaseTest
  void aHoleStopsTheReadUntilItIsFilled() {
    byte[] hello = "hello ".getBytes(StandardCharsets.UTF_8);
    byte[] world = "world".getBytes(StandardCharsets.UTF_8);
    byte[] end = "!\n".getBytes(StandardCharsets.UTF_8);
    logs.append("job-1", 0, hello);
    logs.append("job-1", 11, end);

    assertThat(logs.read("job-1", 0, ALL)).isEqualTo(hello);
    assertThat(logs.read("job-1", 6, ALL)).isEmpty();

    logs.append("job-1", 6, world);

    assertThat(new String(logs.read("job-1", 0, ALL), StandardCharsets.UTF_8))
        .isEqualTo("hello world!\n");
  }

  @DatabaseTest
  void aRepeatedChunkKeepsTheFirstCopy() {
    logs.append("job-1", 0, "first".getBytes(StandardCharsets.UTF_8));
    logs.append("job-1", 0, "other".getBytes(StandardCharsets.UTF_8));
    logs.append("job-1", 5, new byte[0]);

    assertThat(new String(logs.read("job-1", 0, ALL), StandardCharsets.UTF_8)).isEqualTo("first");
  }

  /** {@code rounds} copies of the bytes 0..255, so any reordering or loss shows. */
  private static byte[] everyByteValue(int rounds) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int r = 0; r < rounds; r++) {
      for (int b = 0; b < 256; b++) {
        out.write(b);
      }
    }
    return out.toByteArray();
  }

  private static byte[] slice(byte[] bytes, int from, int to) {
    return Arrays.copyOfRange(bytes, from, to);
  }
}
