package dev.cairn.core.dispatch;

import dev.cairn.core.port.BuildStore.RunnableJob;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The dispatch candidates as last read for one wake-up generation, shared by the long polls that
 * the wake-up sent looking at once. Without it, each of a hundred idle agents woken by one new job
 * would read the candidates itself; with it one reads them and the others reuse that list, from
 * which a job is dropped as soon as it is assigned. The list is only a hint: the assignment itself
 * is still the build's compare-and-set, so a stale entry costs one refused attempt, never a double
 * assignment. Thread-safe.
 */
final class SharedCandidates {
  private record View(long generation, List<RunnableJob> jobs) {}

  private final AtomicReference<View> view = new AtomicReference<>();

  /** The candidates read for {@code generation}, reading them with {@code read} if none were. */
  List<RunnableJob> forGeneration(long generation, Supplier<List<RunnableJob>> read) {
    View known = view.get();
    if (known != null && known.generation() == generation) {
      return known.jobs();
    }
    return fresh(generation, read);
  }

  /** Reads the candidates now and keeps them for {@code generation}. */
  List<RunnableJob> fresh(long generation, Supplier<List<RunnableJob>> read) {
    List<RunnableJob> jobs = read.get();
    view.set(new View(generation, jobs));
    return jobs;
  }

  /** Drops {@code jobId}, which was just assigned, from the shared list. */
  void taken(String jobId) {
    view.updateAndGet(v ->
        v == null
            ? null
            : new View(
                v.generation(), v.jobs().stream().filter(j -> !j.jobId().equals(jobId)).toList()));
  }
}
