package dev.cairn.agent.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The log buffer's back-pressure and its wake-ups for the streamer's ticker. */
final class LogBufferTest {
  @Test
  void aWriterWaitsWhileTheLimitIsPendingAndGoesOnAfterADrain() throws Exception {
    LogBuffer buffer = new LogBuffer(4, 8);
    buffer.write(new byte[8], 0, 8);
    CountDownLatch written = new CountDownLatch(1);
    Thread writer =
        Thread.ofVirtual()
            .start(() -> {
              buffer.write(new byte[] {1, 2}, 0, 2);
              written.countDown();
            });

    assertThat(written.await(200, TimeUnit.MILLISECONDS)).as("blocked at the limit").isFalse();
    assertThat(buffer.drain()).hasSize(8);
    assertThat(written.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(buffer.drain()).containsExactly(1, 2);
    writer.join();
  }

  @Test
  void aDrainTakesWholeChunksAndLeavesTheRestUntilLessThanAChunkOrTheEnd() {
    LogBuffer buffer = new LogBuffer(4, 64);
    buffer.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0, 10);

    assertThat(buffer.drain()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    assertThat(buffer.drain()).as("less than a chunk: all of it").containsExactly(9, 10);

    buffer.write(new byte[] {11, 12, 13, 14, 15}, 0, 5);
    buffer.release();
    assertThat(buffer.drain()).as("after release: all of it").containsExactly(11, 12, 13, 14, 15);
  }

  @Test
  void releaseLetsWritersPastTheLimit() throws Exception {
    LogBuffer buffer = new LogBuffer(1, 1);
    buffer.write(new byte[1], 0, 1);
    buffer.release();

    buffer.write(new byte[3], 0, 3);

    assertThat(buffer.drain()).hasSize(4);
  }

  @Test
  void theTickerWakesForTheFirstBytesAndForAFullChunkButNotForLaterCrumbs() throws Exception {
    LogBuffer buffer = new LogBuffer(4, 16);
    Duration forever = Duration.ofMinutes(1);

    buffer.write(new byte[] {1}, 0, 1);
    assertThat(awaits(buffer, forever)).as("the first byte is sent at once").isTrue();
    buffer.drain();

    buffer.write(new byte[] {2}, 0, 1);
    assertThat(awaits(buffer, Duration.ofMillis(200))).as("a crumb waits the interval").isFalse();

    buffer.write(new byte[3], 0, 3);
    assertThat(awaits(buffer, forever)).as("a full chunk is sent at once").isTrue();
  }

  /** True if {@link LogBuffer#awaitCut} returned well before {@code interval}. */
  private static boolean awaits(LogBuffer buffer, Duration interval) throws InterruptedException {
    long start = System.nanoTime();
    buffer.awaitCut(interval);
    return System.nanoTime() - start < interval.toNanos() / 2;
  }
}
