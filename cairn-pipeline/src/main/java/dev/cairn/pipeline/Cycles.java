package dev.cairn.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a dependency cycle among planned jobs: jobs are released in topological order (Kahn's
 * algorithm, linear in jobs plus edges, on arrays indexed by job); any left over waits on a cycle,
 * and following left-over dependencies from it reaches one. Dependencies on jobs outside this
 * upload are already planned, so they never hold a job back.
 */
final class Cycles {
  private Cycles() {}

  /** A step on a cycle, if there is one. */
  static Optional<Step> find(
      List<Step> order,
      IdentityHashMap<Step, List<JobDrafts.Draft>> drafts,
      Map<String, List<PlannedDependency>> deps) {
    List<String> ids = new ArrayList<>();
    List<Step> steps = new ArrayList<>();
    for (Step step : order) {
      for (JobDrafts.Draft d : drafts.get(step)) {
        ids.add(d.id());
        steps.add(step);
      }
    }
    int n = ids.size();
    Map<String, Integer> index = HashMap.newHashMap(n);
    for (int i = 0; i < n; i++) {
      index.put(ids.get(i), i);
    }
    // Edges as arrays: for job i, the jobs it waits for that are in this upload.
    int[][] waitsFor = new int[n][];
    int[] dependentCount = new int[n];
    for (int i = 0; i < n; i++) {
      List<PlannedDependency> list = deps.getOrDefault(ids.get(i), List.of());
      int[] edges = new int[list.size()];
      int k = 0;
      for (PlannedDependency d : list) {
        Integer j = index.get(d.jobId());
        if (j != null) {
          edges[k++] = j;
          dependentCount[j]++;
        }
      }
      waitsFor[i] = k == edges.length ? edges : java.util.Arrays.copyOf(edges, k);
    }
    int[][] dependents = new int[n][];
    for (int j = 0; j < n; j++) {
      dependents[j] = new int[dependentCount[j]];
    }
    int[] filled = new int[n];
    int[] waiting = new int[n];
    int[] ready = new int[n];
    int readyEnd = 0;
    for (int i = 0; i < n; i++) {
      waiting[i] = waitsFor[i].length;
      for (int j : waitsFor[i]) {
        dependents[j][filled[j]++] = i;
      }
      if (waiting[i] == 0) {
        ready[readyEnd++] = i;
      }
    }
    boolean[] done = new boolean[n];
    for (int r = 0; r < readyEnd; r++) {
      int i = ready[r];
      done[i] = true;
      for (int next : dependents[i]) {
        if (--waiting[next] == 0) {
          ready[readyEnd++] = next;
        }
      }
    }
    if (readyEnd == n) {
      return Optional.empty();
    }
    int at = 0;
    while (done[at]) {
      at++;
    }
    // Every left-over job waits for another left-over job; walking those edges must revisit one.
    boolean[] seen = new boolean[n];
    while (!seen[at]) {
      seen[at] = true;
      int from = at;
      for (int j : waitsFor[from]) {
        if (!done[j]) {
          at = j;
          break;
        }
      }
    }
    return Optional.of(steps.get(at));
  }
}
