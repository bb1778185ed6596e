package dev.cairn.pipeline;

/** One thing wrong with a pipeline: where, and what was expected. */
public record PipelineProblem(Location location, String message) {
  /** Formats as {@code file:line:column: path: message}, the shape linters and editors read. */
  @Override
  public String toString() {
    String path = location.path().isEmpty() ? "" : location.path() + ": ";
    return location + ": " + path + message;
  }
}
