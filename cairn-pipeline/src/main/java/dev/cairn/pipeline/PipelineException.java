package dev.cairn.pipeline;

import java.util.List;
import java.util.stream.Collectors;

/** A pipeline that cannot be read; carries every problem found, not just the first. */
public final class PipelineException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<PipelineProblem> problems;

  public PipelineException(List<PipelineProblem> problems) {
    super(problems.stream().map(PipelineProblem::toString).collect(Collectors.joining("\n")));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a PipelineException needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  public List<PipelineProblem> problems() {
    return problems;
  }
}
