package dev.cairn.pipeline;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds a dependency cycle among planned jobs: jobs are released in topological order (Kahn's
 * algorithm, linear in jobs plus edges); any left over waits on a cycle, and following left-over
 * dependencies from it reaches one. Dependencies on jobs outside this upload are already planned,
 * so they never hold a job back.
 */
final class Cycles {
  private Cycles() {}

  /** A step on a cycle, if there is one. */
  static Optional<Step> find(
      List<Step> order,
      IdentityHashMap<Step, List<JobDrafts.Draft>> drafts,
      Map<String, List<PlannedDependency>> deps) {
    Map<String, Step> stepOf = new HashMap<>();
    List<String> ids = new ArrayList<>();
    for (Step step : order) {
      for (JobDrafts.Draft d : drafts.get(step)) {
        stepOf.put(d.id(), step);
        ids.add(d.id());
      }
    }
    Map<String, Integer> waiting = HashMap.newHashMap(ids.size());
    Map<String, List<String>> dependents = HashMap.newHashMap(ids.size());
    ArrayDeque<String> ready = new ArrayDeque<>();
    for (String id : ids) {
      int n = 0;
      for (PlannedDependency d : deps.getOrDefault(id, List.of())) {
        if (stepOf.containsKey(d.jobId())) {
          n++;
          dependents.computeIfAbsent(d.jobId(), k -> new ArrayList<>()).add(id);
        }
      }
      waiting.put(id, n);
      if (n == 0) {
        ready.add(id);
      }
    }
    Set<String> done = HashSet.newHashSet(ids.size());
    while (!ready.isEmpty()) {
      String id = ready.poll();
      done.add(id);
      for (String next : dependents.getOrDefault(id, List.of())) {
        if (waiting.merge(next, -1, Integer::sum) == 0) {
          ready.add(next);
        }
      }
    }
    if (done.size() == ids.size()) {
      return Optional.empty();
    }
    String at = ids.stream().filter(id -> !done.contains(id)).findFirst().orElseThrow();
    Set<String> seen = new HashSet<>();
    while (seen.add(at)) {
      at =
          deps.get(at).stream()
              .map(PlannedDependency::jobId)
              .filter(j -> stepOf.containsKey(j) && !done.contains(j))
              .findFirst()
              .orElseThrow();
    }
    return Optional.of(stepOf.get(at));
  }
}
