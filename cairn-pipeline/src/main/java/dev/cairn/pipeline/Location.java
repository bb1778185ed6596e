package dev.cairn.pipeline;

/**
 * A place in a pipeline file: 1-based line and column, and the step path such as {@code
 * steps[3].depends_on} (empty for the document itself).
 */
public record Location(String file, int line, int column, String path) {
  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
