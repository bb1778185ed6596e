package dev.cairn.bench;

import java.util.Arrays;

/**
 * Measurements of one quantity (nanoseconds or bytes) and the summaries the benchmarks print:
 * nearest-rank percentiles and the mean. Not thread-safe.
 */
final class Samples {
  private long[] values = new long[64];
  private int size;

  void add(long value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = value;
  }

  int size() {
    return size;
  }

  /** The nearest-rank percentile, {@code p} in (0, 100]. */
  long percentile(double p) {
    if (size == 0) {
      throw new IllegalStateException("no samples");
    }
    long[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * size);
    return sorted[Math.clamp(rank - 1, 0, size - 1)];
  }

  double mean() {
    return Arrays.stream(values, 0, size).average().orElseThrow();
  }

  long min() {
    return Arrays.stream(values, 0, size).min().orElseThrow();
  }

  long max() {
    return Arrays.stream(values, 0, size).max().orElseThrow();
  }
}
