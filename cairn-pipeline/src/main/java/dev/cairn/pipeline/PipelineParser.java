package dev.cairn.pipeline;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The front door of this module: reads a pipeline document (YAML 1.2, or JSON) into a {@link
 * Pipeline}. Thread-safe and stateless.
 *
 * <p>Merge keys ({@code <<}) from YAML 1.1 are applied, since pipelines use them for shared step
 * defaults. One file holds one document. Step paths in problems count from zero ({@code steps[0]}
 * is the first step); lines and columns count from one.
 */
public final class PipelineParser {
  private PipelineParser() {}

  /**
   * Parses {@code text}, naming {@code fileName} in errors. Never throws anything else for any
   * text: a file that is not YAML is reported as problems too.
   *
   * @throws PipelineException listing every problem found, each with file, line, column and path
   */
  public static Pipeline parse(String fileName, String text) throws PipelineException {
    return parse(fileName, text, Optional.empty());
  }

  /**
   * Interpolates {@code text} against {@code env} exactly as the agent does at upload ({@code
   * $VAR}, {@code ${VAR:-x}}, {@code ${VAR?msg}}, substrings, {@code $$} escapes; the pipeline's
   * top-level {@code env} first, entry by entry, winning over {@code env}), then parses it. Use
   * this where the agent would interpolate (the agent's {@code pipeline upload}, {@code cairn
   * pipeline expand}); the server receives pipelines already interpolated and calls {@link
   * #parse(String, String)}, which never interpolates. An interpolation error is a problem at the
   * string that holds it.
   *
   * @throws PipelineException listing every problem found, interpolation failures included
   */
  public static Pipeline parse(String fileName, String text, Map<String, String> env)
      throws PipelineException {
    return parse(fileName, text, Optional.of(Map.copyOf(env)));
  }

  private static Pipeline parse(String fileName, String text, Optional<Map<String, String>> env)
      throws PipelineException {
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(text, "text");
    Document doc = new Document(fileName);
    Optional<Pipeline> pipeline = PipelineReader.read(doc, text, env);
    if (pipeline.isEmpty() || !doc.problems().isEmpty()) {
      throw new PipelineException(doc.problems());
    }
    return pipeline.get();
  }
}
