package dev.cairn.agent.log;

import dev.cairn.agent.api.AgentApiException;
import dev.cairn.agent.api.ChunksClient;
import dev.cairn.agent.api.Retrier;
import dev.cairn.agent.api.RetryPolicy;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads chunks on virtual threads, at most {@value #CONCURRENCY} at a time (the official agent's
 * three upload workers), so chunks may reach the server out of order. A chunk that still fails
 * after its retries, or fails with a non-retryable status, is dropped and counted. Thread-safe.
 */
final class ChunkUploader {
  static final int CONCURRENCY = 3;
  private static final Logger LOG = LoggerFactory.getLogger(ChunkUploader.class);

  private final String label;
  private final ChunksClient client;
  private final Retrier retrier;
  private final RetryPolicy policy;
  private final Semaphore slots = new Semaphore(CONCURRENCY);
  private final AtomicInteger failed = new AtomicInteger();

  ChunkUploader(String label, ChunksClient client, Retrier retrier, RetryPolicy policy) {
    this.label = label;
    this.client = client;
    this.retrier = retrier;
    this.policy = policy;
  }

  /** Waits for a free slot (uninterruptibly, so a closing streamer never loses a chunk). */
  void submit(LogChunk chunk) {
    slots.acquireUninterruptibly();
    Thread.ofVirtual()
        .name("cairn-chunk-" + chunk.sequence())
        .start(() -> {
          try {
            upload(chunk);
          } finally {
            slots.release();
          }
        });
  }

  /** Blocks until every submitted chunk was sent or dropped. */
  void awaitIdle() {
    slots.acquireUninterruptibly(CONCURRENCY);
    slots.release(CONCURRENCY);
  }

  int failedCount() {
    return failed.get();
  }

  private void upload(LogChunk chunk) {
    try {
      retrier.call(
          policy,
          () -> {
            client.upload(chunk.sequence(), chunk.offset(), chunk.data());
            return null;
          });
    } catch (AgentApiException e) {
      failed.incrementAndGet();
      LOG.warn("{}: dropped log chunk {}: {}", label, chunk.sequence(), e.getMessage());
    } catch (InterruptedException e) {
      failed.incrementAndGet();
      Thread.currentThread().interrupt();
    }
  }
}
