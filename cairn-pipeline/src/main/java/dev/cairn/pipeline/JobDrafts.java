package dev.cairn.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Makes the jobs of one included step, before dependencies are known: one job, or one per matrix
 * combination, or one per parallel index. Stops making jobs once the upload limit is passed (a
 * {@code parallelism: 1000000000} must not allocate first and fail later), and remembers that it
 * did. Not thread-safe; one per expansion.
 */
final class JobDrafts {
  private final Pipeline pipeline;
  private final Supplier<String> ids;
  private final PipelineLimits limits;
  private final List<PipelineProblem> problems;
  private int made;
  private boolean overflowed;

  JobDrafts(
      Pipeline pipeline,
      Supplier<String> ids,
      PipelineLimits limits,
      List<PipelineProblem> problems) {
    this.pipeline = pipeline;
    this.ids = ids;
    this.limits = limits;
    this.problems = problems;
  }

  boolean overflowed() {
    return overflowed;
  }

  /** A job without its dependencies yet. */
  record Draft(
      String id,
      String stepId,
      Step step,
      JobKind kind,
      String label,
      String command,
      SoftFail softFail,
      Map<String, String> agents,
      Map<String, String> env,
      Optional<Integer> parallelJob,
      Optional<Integer> parallelJobCount,
      Map<String, String> matrix,
      List<Plugin> plugins,
      Skip groupSkip) {
    Draft under(Skip skip) {
      return new Draft(
          id,
          stepId,
          step,
          kind,
          label,
          command,
          softFail,
          agents,
          env,
          parallelJob,
          parallelJobCount,
          matrix,
          plugins,
          skip);
    }

    PlannedJob plan(List<PlannedDependency> dependsOn) {
      Optional<CommandStep> command =
          step instanceof CommandStep c ? Optional.of(c) : Optional.empty();
      Skip own =
          switch (step) {
            case CommandStep c -> c.skip();
            case TriggerStep t -> t.skip();
            default -> Skip.NONE;
          };
      // A skipped group skips every job in it, waits and blocks included, so that nothing in it
      // holds the build up; a child that skips itself keeps its own reason.
      Skip skip = own.skipped() ? own : groupSkip;
      return new PlannedJob(
          id,
          stepId,
          step.key(),
          kind,
          label,
          this.command,
          dependsOn,
          step.conditions().allowDependencyFailure(),
          softFail,
          agents,
          env,
          parallelJob,
          parallelJobCount,
          matrix,
          command.map(CommandStep::retry).orElse(Retry.NONE),
          command.flatMap(CommandStep::timeoutInMinutes),
          command.flatMap(CommandStep::priority),
          command.flatMap(CommandStep::concurrency),
          command.map(CommandStep::artifactPaths).orElse(List.of()),
          plugins,
          skip,
          step);
    }
  }

  /** The jobs of {@code step}, which sits in a group whose skip is {@code groupSkip}. */
  List<Draft> make(Step step, Skip groupSkip) {
    List<Draft> drafts = make(step);
    return groupSkip.skipped() ? drafts.stream().map(d -> d.under(groupSkip)).toList() : drafts;
  }

  private List<Draft> make(Step step) {
    String stepId = ids.get();
    return switch (step) {
      case CommandStep c -> command(c, stepId);
      case TriggerStep t ->
          parallel(
              t.parallelism(),
              n ->
                  simple(
                      t,
                      stepId,
                      JobKind.TRIGGER,
                      t.label().orElse("trigger " + t.pipeline()),
                      t.softFail(),
                      n,
                      t.parallelism()));
      case WaitStep w ->
          List.of(
              simple(
                  w,
                  stepId,
                  JobKind.WAIT,
                  w.label().orElse("wait"),
                  SoftFail.NONE,
                  Optional.empty(),
                  Optional.empty()));
      case BlockStep b ->
          List.of(
              simple(
                  b,
                  stepId,
                  JobKind.BLOCK,
                  b.label().orElse("block"),
                  SoftFail.NONE,
                  Optional.empty(),
                  Optional.empty()));
      case InputStep i ->
          List.of(
              simple(
                  i,
                  stepId,
                  JobKind.INPUT,
                  i.label().orElse("input"),
                  SoftFail.NONE,
                  Optional.empty(),
                  Optional.empty()));
      case GroupStep g -> List.of();
    };
  }

  private interface Maker {
    Draft make(Optional<Integer> index) throws MatrixExpansion.UnknownToken;
  }

  private List<Draft> parallel(Optional<Integer> parallelism, Maker maker) {
    List<Draft> drafts = new ArrayList<>();
    int n = parallelism.orElse(1);
    if (!reserve(n)) {
      return drafts;
    }
    try {
      if (parallelism.isEmpty()) {
        drafts.add(maker.make(Optional.empty()));
      }
      for (int i = 0; parallelism.isPresent() && i < n; i++) {
        drafts.add(maker.make(Optional.of(i)));
      }
    } catch (MatrixExpansion.UnknownToken e) {
      throw new IllegalStateException("no matrix, so no matrix token is replaced", e);
    }
    return drafts;
  }

  private boolean reserve(int n) {
    if (overflowed || (long) made + n > limits.jobsPerUpload()) {
      overflowed = true;
      return false;
    }
    made += n;
    return true;
  }

  private Draft simple(
      Step step,
      String stepId,
      JobKind kind,
      String label,
      SoftFail softFail,
      Optional<Integer> index,
      Optional<Integer> count) {
    return new Draft(
        ids.get(), stepId, step, kind, label, "", softFail, Map.of(), Map.of(), index, count,
        Map.of(), List.of(), Skip.NONE);
  }

  private List<Draft> command(CommandStep c, String stepId) {
    if (c.matrix().isEmpty()) {
      return parallel(
          c.parallelism(), index -> commandJob(c, stepId, Map.of(), Optional.empty(), index));
    }
    List<MatrixExpansion.Combination> combinations = MatrixExpansion.combinations(c.matrix().get());
    if (combinations.size() > limits.jobsPerMatrixStep()) {
      problems.add(
          new PipelineProblem(
              at(c, "matrix"),
              "the matrix makes "
                  + combinations.size()
                  + " jobs, over the limit of "
                  + limits.jobsPerMatrixStep()
                  + " per step"));
      return List.of();
    }
    if (!reserve(combinations.size())) {
      return List.of();
    }
    List<Draft> drafts = new ArrayList<>();
    try {
      for (MatrixExpansion.Combination combination : combinations) {
        drafts.add(
            commandJob(c, stepId, combination.values(), combination.softFail(), Optional.empty()));
      }
    } catch (MatrixExpansion.UnknownToken e) {
      problems.add(
          new PipelineProblem(
              at(c, ""),
              e.getMessage()
                  + "; the matrix has "
                  + c.matrix().get().setup().keySet().stream()
                      .map(k -> k.isEmpty() ? "{{matrix}}" : "{{matrix." + k + "}}")
                      .toList()));
      return List.of();
    }
    return drafts;
  }

  private Draft commandJob(
      CommandStep c,
      String stepId,
      Map<String, String> values,
      Optional<SoftFail> softFail,
      Optional<Integer> index)
      throws MatrixExpansion.UnknownToken {
    LinkedHashMap<String, String> env = new LinkedHashMap<>(pipeline.env());
    env.putAll(MatrixExpansion.substitute(c.env(), values));
    List<Plugin> plugins = c.plugins().isEmpty() ? List.of() : new ArrayList<>();
    for (Plugin p : c.plugins()) {
      Optional<Object> config =
          p.config().isPresent()
              ? Optional.of(MatrixExpansion.substituteAll(p.config().get(), values))
              : Optional.empty();
      plugins.add(new Plugin(MatrixExpansion.substitute(p.source(), values), config));
    }
    String command = MatrixExpansion.substitute(c.command(), values);
    String label = MatrixExpansion.substitute(c.label().orElse(c.command()), values);
    return new Draft(
        ids.get(),
        stepId,
        c,
        JobKind.COMMAND,
        label,
        command,
        softFail.orElse(c.softFail()),
        MatrixExpansion.substitute(c.agents(), values),
        Ordered.own(env),
        index,
        c.parallelism(),
        values,
        plugins,
        Skip.NONE);
  }

  private static Location at(Step step, String field) {
    Location l = step.location();
    return new Location(
        l.file(), l.line(), l.column(), field.isEmpty() ? l.path() : l.path() + "." + field);
  }
}
