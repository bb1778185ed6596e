package dev.cairn.agent.log;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts successive drains of the log buffer into chunks of at most {@code maxSize} bytes, numbering
 * them from 1 and tracking each chunk's offset in the whole log. Not thread-safe; the streamer
 * calls it under its flush lock.
 */
final class Chunker {
  private final int maxSize;
  private int nextSequence = 1;
  private long nextOffset;

  Chunker(int maxSize) {
    if (maxSize < 1) {
      throw new IllegalArgumentException("maxSize must be positive, got " + maxSize);
    }
    this.maxSize = maxSize;
  }

  List<LogChunk> cut(byte[] data) {
    List<LogChunk> chunks = new ArrayList<>(data.length / maxSize + 1);
    for (int start = 0; start < data.length; start += maxSize) {
      // A drain that fits in one chunk (the common case) is sent as it is, without a copy.
      byte[] part =
          start == 0 && data.length <= maxSize
              ? data
              : Arrays.copyOfRange(data, start, Math.min(data.length, start + maxSize));
      chunks.add(new LogChunk(nextSequence++, nextOffset, part));
      nextOffset += part.length;
    }
    return chunks;
  }

  long bytesCut() {
    return nextOffset;
  }
}
