package dev.cairn.core.port;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Job logs, addressed by job id and byte offset. Chunks may arrive out of order and more than once
 * (agents retry); a chunk at an offset already stored is ignored, and reads return only the
 * contiguous bytes from the start, so a reader never sees a hole. Thread-safe.
 */
public interface LogStore {
  void append(String jobId, long offset, byte[] bytes);

  /** The contiguous log from {@code offset}, at most {@code maxBytes} long. */
  byte[] read(String jobId, long offset, int maxBytes);

  /**
   * Records when section headers were printed, by header index (agents v3 send these when ANSI
   * timestamps are off). A repeated index keeps its first time.
   */
  void putHeaderTimes(String jobId, Map<Long, Instant> times);

  /** The recorded header times in index order. */
  List<Instant> headerTimes(String jobId);
}
