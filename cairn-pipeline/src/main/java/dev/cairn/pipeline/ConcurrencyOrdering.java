package dev.cairn.pipeline;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The implicit ordering dependency of concurrency groups (spec §7): a step that depends on a step
 * in a {@code concurrency_group} also depends on the rest of that group, so it waits for the whole
 * group rather than for whichever member happens to run first. "The rest" is every other job of the
 * group in this upload, except the dependent's own jobs and the jobs that already wait for the
 * dependent (directly or through others): those run after it by construction, and depending on them
 * would make a cycle. The added dependencies allow failure only when every dependency that brought
 * them in does. Runs after all other dependencies are resolved. Not thread-safe; one per expansion.
 */
final class ConcurrencyOrdering {
  private final List<Step> order;
  private final IdentityHashMap<Step, List<String>> jobIds;
  private final Map<String, List<PlannedDependency>> dependencies;
  private final Map<String, Step> stepOf = new HashMap<>();
  private final Map<String, List<String>> members = new LinkedHashMap<>();
  private final Map<String, List<String>> dependents = new HashMap<>();

  ConcurrencyOrdering(
      List<Step> order,
      IdentityHashMap<Step, List<String>> jobIds,
      Map<String, List<PlannedDependency>> dependencies) {
    this.order = order;
    this.jobIds = jobIds;
    this.dependencies = dependencies;
  }

  /** Adds the implicit dependencies to {@code dependencies}, in place. */
  void apply() {
    if (order.stream().allMatch(step -> group(step).isEmpty())) {
      return; // the common case: no concurrency groups, nothing to index or walk
    }
    for (Step step : order) {
      for (String id : jobIds.get(step)) {
        stepOf.put(id, step);
        group(step).ifPresent(g -> members.computeIfAbsent(g, k -> new ArrayList<>()).add(id));
      }
    }
    dependencies.forEach((id, deps) ->
        deps.forEach(d -> dependents.computeIfAbsent(d.jobId(), k -> new ArrayList<>()).add(id)));
    for (Step step : order) {
      extend(step);
    }
  }

  // Steps are told apart by identity, as in ExpansionRun: two aliases of one YAML step are equal.
  @SuppressWarnings("ReferenceEquality")
  private void extend(Step step) {
    List<String> own = jobIds.get(step);
    if (own.isEmpty()) {
      return;
    }
    List<PlannedDependency> deps = dependencies.getOrDefault(own.get(0), List.of());
    // For each group depended on: whether every dependency on it allows failure.
    Map<String, Boolean> groups = new LinkedHashMap<>();
    for (PlannedDependency d : deps) {
      Step target = stepOf.get(d.jobId());
      if (target != null && target != step) {
        group(target).ifPresent(g -> groups.merge(g, d.allowFailure(), Boolean::logicalAnd));
      }
    }
    if (groups.isEmpty()) {
      return;
    }
    Set<String> after = waitingFor(own);
    Set<String> present = new HashSet<>();
    deps.forEach(d -> present.add(d.jobId()));
    boolean allowAll = step.conditions().allowDependencyFailure();
    List<PlannedDependency> extended = new ArrayList<>(deps);
    groups.forEach((group, allow) -> {
      for (String member : members.get(group)) {
        if (!own.contains(member) && !after.contains(member) && present.add(member)) {
          extended.add(new PlannedDependency(member, allow || allowAll));
          own.forEach(id -> dependents.computeIfAbsent(member, k -> new ArrayList<>()).add(id));
        }
      }
    });
    if (extended.size() > deps.size()) {
      List<PlannedDependency> resolved = List.copyOf(extended);
      own.forEach(id -> dependencies.put(id, resolved));
    }
  }

  /** The jobs that wait for any of {@code jobs}, directly or through others. */
  private Set<String> waitingFor(List<String> jobs) {
    Set<String> seen = new HashSet<>();
    ArrayDeque<String> next = new ArrayDeque<>(jobs);
    while (!next.isEmpty()) {
      for (String dependent : dependents.getOrDefault(next.poll(), List.of())) {
        if (seen.add(dependent)) {
          next.add(dependent);
        }
      }
    }
    return seen;
  }

  private static Optional<String> group(Step step) {
    return step instanceof CommandStep c
        ? c.concurrency().map(Concurrency::group)
        : Optional.empty();
  }
}
