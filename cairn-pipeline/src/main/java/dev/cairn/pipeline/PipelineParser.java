package dev.cairn.pipeline;

/**
 * The front door of this module: reads a pipeline document (YAML 1.2, or JSON) into a {@link
 * Pipeline}. Thread-safe and stateless.
 */
public final class PipelineParser {
  private PipelineParser() {}

  /**
   * Parses {@code text}, naming {@code fileName} in errors.
   *
   * @throws PipelineException listing every problem found, each with file, line, column and path
   */
  @SuppressWarnings("DoNotCallSuggester") // Temporary until the parser lands.
  public static Pipeline parse(String fileName, String text) throws PipelineException {
    throw new UnsupportedOperationException("implemented by the pipeline work");
  }
}
