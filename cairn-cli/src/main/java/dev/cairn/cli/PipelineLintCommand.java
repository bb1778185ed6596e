package dev.cairn.cli;

import dev.cairn.pipeline.BuildContext;
import dev.cairn.pipeline.PipelineException;
import dev.cairn.pipeline.PipelineExpander;
import dev.cairn.pipeline.PipelineLimits;
import dev.cairn.pipeline.PipelineParser;
import dev.cairn.pipeline.PipelineProblem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cairn pipeline lint FILE...}: parses each file as the server would (no interpolation) and
 * plans it as a build of the default branch would, so duplicate keys, unknown dependencies, cycles
 * and limits are caught too. Prints every problem as {@code file:line:column: message}.
 */
@Command(
    name = "lint",
    mixinStandardHelpOptions = true,
    description = {
      "Check pipeline files. Exits 0 when every file is valid, 2 otherwise.",
      "Each problem is printed on standard output as one line:",
      "  FILE:LINE:COLUMN: STEP-PATH: MESSAGE",
      "where STEP-PATH (such as steps[3].depends_on) is left out for the document itself."
    })
final class PipelineLintCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Pipeline files (YAML or JSON).")
  List<Path> files;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    boolean valid = true;
    for (Path file : files) {
      for (String problem : problems(file)) {
        out.println(problem);
        valid = false;
      }
    }
    out.flush();
    return valid ? 0 : 2;
  }

  private static List<String> problems(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      new PipelineExpander(PipelineLimits.DEFAULTS)
          .expand(
              PipelineParser.parse(file.toString(), text),
              BuildContext.forBranch("main"),
              new Sequence("lint")::next);
      return List.of();
    } catch (PipelineException e) {
      return e.problems().stream().map(PipelineProblem::toString).toList();
    } catch (IOException | RuntimeException e) {
      return List.of(file + ":1:1: cannot read the file: " + e.getMessage());
    }
  }
}
