package dev.cairn.pipeline;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;

/**
 * Shortcuts for tests: parse a text that must be valid, or collect the problems of one that is not.
 */
final class Parsing {
  static final String FILE = "pipeline.yml";

  private Parsing() {}

  static Pipeline parse(String yaml) {
    try {
      return PipelineParser.parse(FILE, yaml);
    } catch (PipelineException e) {
      throw new AssertionError("expected a valid pipeline, got:\n" + e.getMessage(), e);
    }
  }

  static List<PipelineProblem> problems(String yaml) {
    PipelineException e =
        catchThrowableOfType(PipelineException.class, () -> PipelineParser.parse(FILE, yaml));
    if (e == null) {
      throw new AssertionError("expected problems, but the pipeline parsed:\n" + yaml);
    }
    return e.problems();
  }

  static PipelineProblem onlyProblem(String yaml) {
    List<PipelineProblem> problems = problems(yaml);
    if (problems.size() != 1) {
      throw new AssertionError("expected one problem, got " + problems);
    }
    return problems.get(0);
  }

  static Step onlyStep(String yaml) {
    List<Step> steps = parse(yaml).steps();
    if (steps.size() != 1) {
      throw new AssertionError("expected one step, got " + steps);
    }
    return steps.get(0);
  }

  static CommandStep onlyCommand(String yaml) {
    return (CommandStep) onlyStep(yaml);
  }

  static WaitStep onlyWait(String yaml) {
    return (WaitStep) onlyStep(yaml);
  }

  static Location at(int line, int column, String path) {
    return new Location(FILE, line, column, path);
  }
}
