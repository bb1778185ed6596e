package dev.cairn.pipeline;

import java.util.Map;

/**
 * One {@code matrix.adjustments} entry: a combination naming every dimension ({@code with}; the
 * anonymous dimension is named {@code ""}), and whether it is skipped or soft-fails. A combination
 * not in the setup product adds a job.
 */
public record MatrixAdjustment(Map<String, String> with, Skip skip, SoftFail softFail) {
  public MatrixAdjustment {
    with = Ordered.map(with);
  }
}
