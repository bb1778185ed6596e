package dev.cairn.pipeline;

import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Turns pipeline text into one YAML node tree, reporting syntax errors as problems.
 *
 * <p>This is the trust boundary with the YAML library: pipeline text comes from build jobs, so any
 * input must end as a tree or as problems, never as an exception, a hang or a stack overflow. We
 * build the composer ourselves instead of calling {@code Compose} so that we can (1) stop the
 * library applying merge keys, because its merge loops forever on {@code a: &a {<<: *a}} in
 * snakeyaml-engine 3.2 ({@link MergeKeepingComposer}), and (2) cap nesting depth, because the
 * composer recurses once per level and overflows the stack near 3,000 levels ({@link
 * DepthLimitedParser}). Merge keys are applied later by {@link MergeKeys}.
 */
final class YamlLoader {
  /** Deep enough for any real pipeline (plugin configs included), far below a stack overflow. */
  private static final int MAX_DEPTH = 200;

  /**
   * Aliases to collections are shared, not copied, so this bounds walking work, not memory. 500
   * matches the hosted limit of 500 jobs per upload, so {@code <<: *defaults} on every step fits.
   */
  private static final int MAX_COLLECTION_ALIASES = 500;

  // YAML 1.2 core schema (with a fast path for plain text), so `on`, `yes` and `no` stay strings.
  // Non-scalar keys are let through
  // so that MergeKeys reports them with a line and a path instead of the library's unmarked error.
  private static final LoadSettings SETTINGS =
      LoadSettings.builder()
          .setSchema(new CoreSchemaFastPath())
          .setAllowNonScalarKeys(true)
          .setMaxAliasesForCollections(MAX_COLLECTION_ALIASES)
          .build();

  private YamlLoader() {}

  /**
   * Returns the root node of the single document in {@code text}, or empty when there is none or
   * the text is not YAML (in which case a problem has been reported).
   */
  static Optional<Node> load(Document doc, String text) {
    try {
      DepthLimitedParser parser =
          new DepthLimitedParser(
              new ParserImpl(SETTINGS, new StreamReader(SETTINGS, text)), MAX_DEPTH);
      Composer composer = new MergeKeepingComposer(SETTINGS, parser);
      if (!composer.hasNext()) {
        return Optional.empty();
      }
      Node root = composer.next();
      if (composer.hasNext()) {
        doc.problem(
            parser.peekEvent().getStartMark(),
            "",
            "expected one YAML document, found a second one; give each document its own file");
      }
      return Optional.of(root);
    } catch (MarkedYamlEngineException e) {
      doc.problem(e.getProblemMark().or(e::getContextMark), "", "invalid YAML: " + describe(e));
    } catch (YamlEngineException e) {
      doc.problem(Optional.empty(), "", "invalid YAML: " + e.getMessage());
    } catch (RuntimeException e) {
      // Not every library failure is a YamlEngineException: fuzzing found that text ending in
      // "\x (an unfinished escape) throws NumberFormatException from the scanner. parse()
      // promises problems, never exceptions, so whatever escapes the library ends here.
      doc.problem(
          Optional.empty(),
          "",
          "invalid YAML (the YAML reader failed with "
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage()
              + ")");
    }
    return Optional.empty();
  }

  private static String describe(MarkedYamlEngineException e) {
    String context = e.getContext() == null ? "" : e.getContext().strip();
    String problem = e.getProblem() == null ? "" : e.getProblem().strip();
    if (context.isEmpty()) {
      return problem;
    }
    // The problem mark is where the parser gave up, often the end of the file; the context mark
    // is where the broken construct began, which is usually what needs fixing.
    return problem
        + " ("
        + context
        + e.getContextMark()
            .map(m ->
                " that starts at line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1))
            .orElse("")
        + ")";
  }
}
