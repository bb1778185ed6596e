package dev.cairn.agent.log;

/**
 * One cut of the log: 1-based {@code sequence}, the byte {@code offset} of its first byte in the
 * whole log, and its bytes. A class rather than a record because its component is an array, which
 * records compare by identity; nobody compares chunks, and the array is never modified after
 * cutting.
 */
final class LogChunk {
  private final int sequence;
  private final long offset;
  private final byte[] data;

  LogChunk(int sequence, long offset, byte[] data) {
    this.sequence = sequence;
    this.offset = offset;
    this.data = data;
  }

  int sequence() {
    return sequence;
  }

  long offset() {
    return offset;
  }

  byte[] data() {
    return data;
  }
}
