package dev.cairn.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One expansion (see {@link PipelineExpander}). Two passes: the first decides inclusion, checks
 * keys and makes each included step's jobs ({@link JobDrafts}); the second walks the steps again in
 * order to resolve dependencies, because {@code depends_on} may name a later step. Barrier rules: a
 * step without {@code depends_on} waits for the nearest {@code wait} or {@code block} above it; a
 * wait or block without {@code depends_on} also waits for every job since that barrier ({@code
 * continue_on_failure} lets those fail); an {@code input} step is no barrier and nothing waits for
 * it implicitly. A group is one unit at the top level: its jobs wait for the barrier above the
 * group (or for the group's own {@code depends_on}), a wait inside it orders only its children, and
 * a wait after it waits for all of its jobs. Not thread-safe; one per expansion.
 */
final class ExpansionRun {
  private final Pipeline pipeline;
  private final BuildContext context;
  private final PipelineLimits limits;
  private final List<PipelineProblem> problems = new ArrayList<>();
  private final List<Step> excluded = new ArrayList<>();
  private final Set<String> excludedKeys = new HashSet<>();
  private final Map<String, List<String>> keyJobs = new HashMap<>();
  private final Map<String, Location> keyAt = new HashMap<>();
  // Steps are records, and two aliases of one YAML step are equal, so steps are told apart by
  // identity; `order` keeps the pipeline order of the steps that made jobs.
  private final IdentityHashMap<Step, List<JobDrafts.Draft>> drafts = new IdentityHashMap<>();
  private final IdentityHashMap<Step, List<String>> jobIds = new IdentityHashMap<>();
  private final IdentityHashMap<Step, Boolean> included = new IdentityHashMap<>();
  private final List<Step> order = new ArrayList<>();
  private final Map<String, List<PlannedDependency>> dependencies = new HashMap<>();
  private final JobDrafts jobDrafts;
  private final Map<String, Object> variables;
  private final Map<String, String> conditionEnv;

  ExpansionRun(
      Pipeline pipeline, BuildContext context, Supplier<String> ids, PipelineLimits limits) {
    this.pipeline = pipeline;
    this.context = context;
    this.limits = limits;
    this.jobDrafts = new JobDrafts(pipeline, ids, limits, problems);
    this.variables = context.conditionVariables();
    this.conditionEnv = ConditionEnvironment.of(context);
  }

  Expansion run() throws PipelineException {
    for (Step step : pipeline.steps()) {
      include(step, true, Skip.NONE);
    }
    int made = drafts.values().stream().mapToInt(List::size).sum();
    if (jobDrafts.overflowed() || made > limits.jobsPerUpload()) {
      problem(
          firstLocation(),
          "the upload would create more than "
              + limits.jobsPerUpload()
              + " jobs, the limit per upload");
    } else if (context.existingJobs() + made > limits.jobsPerBuild()) {
      problem(
          firstLocation(),
          "the build would hold "
              + (context.existingJobs() + made)
              + " jobs, over the limit of "
              + limits.jobsPerBuild()
              + " per build");
    }
    if (problems.isEmpty()) {
      resolve();
      new ConcurrencyOrdering(order, jobIds, dependencies).apply();
      Cycles.find(order, drafts, dependencies)
          .ifPresent(step ->
              problem(step.location(), "depends_on forms a cycle, so these steps could never run"));
    }
    if (!problems.isEmpty()) {
      throw new PipelineException(problems);
    }
    List<PlannedJob> jobs = new ArrayList<>();
    order.forEach(
        step -> drafts.get(step).forEach(d -> jobs.add(d.plan(dependencies.get(d.id())))));
    return new Expansion(jobs, excluded);
  }

  // ---- pass 1: inclusion, keys, jobs

  private void include(Step step, boolean parentIncluded, Skip groupSkip) {
    boolean in = parentIncluded && passes(step);
    included.put(step, in);
    register(step);
    if (!in) {
      excluded.add(step);
      step.key().ifPresent(excludedKeys::add);
    }
    if (step instanceof GroupStep group) {
      group.steps().forEach(child -> include(child, in, group.skip()));
      if (in) {
        step.key()
            .ifPresent(k ->
                keyJobs.put(k, group.steps().stream().flatMap(c -> jobIds(c).stream()).toList()));
      }
    } else if (in) {
      List<JobDrafts.Draft> made = jobDrafts.make(step, groupSkip);
      drafts.put(step, made);
      List<String> ids = made.stream().map(JobDrafts.Draft::id).toList();
      jobIds.put(step, ids);
      order.add(step);
      step.key().ifPresent(k -> keyJobs.put(k, ids));
    }
  }

  private void register(Step step) {
    step.key()
        .ifPresent(key -> {
          Location first = keyAt.putIfAbsent(key, step.location());
          if (first != null) {
            problem(
                step.location(),
                "key \""
                    + key
                    + "\" is already used at line "
                    + first.line()
                    + " ("
                    + first.path()
                    + ")");
          } else if (context.existingKeys().containsKey(key)) {
            problem(step.location(), "key \"" + key + "\" is already used by a step of this build");
          }
        });
  }

  private boolean passes(Step step) {
    StepConditions c = step.conditions();
    if (!c.branches().isEmpty() && !BranchPatterns.matches(c.branches(), context.branch())) {
      return false;
    }
    if (c.condition().isEmpty()) {
      return true;
    }
    try {
      return Conditions.evaluate(c.condition().get(), variables, conditionEnv);
    } catch (ConditionEvaluator.EvaluationError e) {
      problem(step.location(), "if could not be evaluated: " + e.getMessage());
      return false;
    }
  }

  // ---- pass 2: dependencies

  private void resolve() {
    Barrier outer = new Barrier();
    for (Step step : pipeline.steps()) {
      if (!included.get(step)) {
        continue;
      }
      if (step instanceof GroupStep group) {
        List<PlannedDependency> entry = step.dependsOn().isPresent() ? explicit(step) : outer.deps;
        Barrier inner = new Barrier();
        for (Step child : group.steps()) {
          if (included.get(child)) {
            assign(child, inner, entry);
            if (!(child instanceof InputStep)) {
              outer.since.addAll(jobIds(child));
            }
          }
        }
      } else {
        assign(step, outer, List.of());
      }
    }
  }

  /** Mutable barrier state while walking one level (the top, or one group). */
  private static final class Barrier {
    List<PlannedDependency> deps = List.of();
    List<String> since = new ArrayList<>();
  }

  private void assign(Step step, Barrier barrier, List<PlannedDependency> entry) {
    List<PlannedDependency> deps = new ArrayList<>(entry);
    boolean isBarrier = step instanceof WaitStep || step instanceof BlockStep;
    if (step.dependsOn().isPresent()) {
      deps.addAll(explicit(step));
    } else {
      deps.addAll(barrier.deps);
      if (isBarrier) {
        boolean allow = step instanceof WaitStep w && w.continueOnFailure();
        barrier.since.forEach(id -> deps.add(new PlannedDependency(id, allow)));
      }
    }
    boolean allowAll = step.conditions().allowDependencyFailure();
    Map<String, PlannedDependency> unique = new LinkedHashMap<>();
    deps.forEach(d ->
        unique.merge(
            d.jobId(),
            allowAll ? new PlannedDependency(d.jobId(), true) : d,
            (a, b) -> new PlannedDependency(a.jobId(), a.allowFailure() && b.allowFailure())));
    List<PlannedDependency> resolved = List.copyOf(unique.values());
    List<String> own = jobIds(step);
    own.forEach(id -> dependencies.put(id, resolved));
    if (isBarrier) {
      barrier.deps = own.stream().map(id -> new PlannedDependency(id, false)).toList();
      barrier.since = new ArrayList<>();
    } else if (!(step instanceof InputStep)) {
      barrier.since.addAll(own);
    }
  }

  private List<PlannedDependency> explicit(Step step) {
    List<PlannedDependency> deps = new ArrayList<>();
    for (Dependency d : step.dependsOn().orElseThrow()) {
      List<String> jobs = keyJobs.get(d.step());
      if (jobs == null) {
        jobs = context.existingKeys().get(d.step());
      }
      if (jobs != null) {
        jobs.forEach(id -> deps.add(new PlannedDependency(id, d.allowFailure())));
      } else if (!excludedKeys.contains(d.step())) {
        problem(
            step.location(),
            "depends_on names \"" + d.step() + "\", but no step in the build has that key");
      }
    }
    return deps;
  }

  private List<String> jobIds(Step step) {
    return jobIds.getOrDefault(step, List.of());
  }

  private Location firstLocation() {
    return pipeline.steps().stream()
        .findFirst()
        .map(Step::location)
        .map(l -> new Location(l.file(), 1, 1, "steps"))
        .orElse(new Location("pipeline", 1, 1, "steps"));
  }

  private void problem(Location at, String message) {
    problems.add(new PipelineProblem(at, message));
  }
}
