package dev.cairn.pipeline;

import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds a dependency cycle among planned jobs: jobs are released in the order the decider would run
 * them; any left over waits on a cycle, and following left-over dependencies from it reaches one.
 */
final class Cycles {
  private Cycles() {}

  /** A step on a cycle, if there is one. */
  static Optional<Step> find(
      List<Step> order,
      IdentityHashMap<Step, List<JobDrafts.Draft>> drafts,
      Map<String, List<PlannedDependency>> deps) {
    Map<String, Step> stepOf = new LinkedHashMap<>();
    order.forEach(step -> drafts.get(step).forEach(d -> stepOf.put(d.id(), step)));
    Set<String> done = new HashSet<>();
    boolean progress = true;
    while (progress) {
      progress = false;
      for (String id : stepOf.keySet()) {
        if (!done.contains(id)
            && deps.getOrDefault(id, List.of()).stream()
                .allMatch(d -> done.contains(d.jobId()) || !stepOf.containsKey(d.jobId()))) {
          progress |= done.add(id);
        }
      }
    }
    return stepOf.keySet().stream()
        .filter(id -> !done.contains(id))
        .findFirst()
        .map(id -> {
          String at = id;
          Set<String> seen = new HashSet<>();
          while (seen.add(at)) {
            at =
                deps.get(at).stream()
                    .map(PlannedDependency::jobId)
                    .filter(j -> stepOf.containsKey(j) && !done.contains(j))
                    .findFirst()
                    .orElseThrow();
          }
          return stepOf.get(at);
        });
  }
}
