package dev.cairn.pipeline;

import java.util.List;
import java.util.Map;

/**
 * A command step's {@code matrix}: dimensions in order, each with its elements as text, and the
 * adjustments. A list-form or anonymous matrix has one dimension named {@code ""}, written {@code
 * {{matrix}}} in tokens; named dimensions are written {@code {{matrix.NAME}}}.
 */
public record Matrix(Map<String, List<String>> setup, List<MatrixAdjustment> adjustments) {
  public Matrix {
    setup = Ordered.map(setup);
    adjustments = List.copyOf(adjustments);
  }

  public boolean anonymous() {
    return setup.containsKey("");
  }
}
