package dev.cairn.core.build;

import dev.cairn.core.job.Job;
import dev.cairn.core.job.JobDependency;
import dev.cairn.core.job.JobState;
import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pcollections.HashPMap;
import org.pcollections.HashTreePMap;
import org.pcollections.HashTreePSet;
import org.pcollections.PSet;
import org.pcollections.PVector;
import org.pcollections.TreePVector;

/**
 * A build's jobs in upload order, as an immutable map from job id to job that shares structure
 * between versions: changing one job costs O(log n), not a copy of every job. Folding a 10k-job
 * build event by event would otherwise copy the whole map on each event.
 *
 * <p>It also keeps, for the same price, what the decider would otherwise find by scanning every
 * job: how many jobs are in each state, how many failed for good, which jobs depend on a job, and
 * which job a retry replaced. All of it is derived from the jobs alone, so two tables with equal
 * jobs are equal maps whatever order of changes built them.
 */
final class JobTable extends AbstractMap<String, Job> {
  private static final JobTable EMPTY =
      new JobTable(
          HashTreePMap.empty(),
          TreePVector.empty(),
          new int[JobState.values().length],
          0,
          0,
          HashTreePMap.empty(),
          HashTreePMap.empty());

  private final HashPMap<String, Integer> positions;
  private final PVector<Job> jobs;
  private final int[] inState;
  private final int failedForGood;
  private final int cancelableOnFailing;
  private final HashPMap<String, PSet<String>> dependents;
  private final HashPMap<String, String> retryOf;

  private JobTable(
      HashPMap<String, Integer> positions,
      PVector<Job> jobs,
      int[] inState,
      int failedForGood,
      int cancelableOnFailing,
      HashPMap<String, PSet<String>> dependents,
      HashPMap<String, String> retryOf) {
    this.positions = positions;
    this.jobs = jobs;
    this.inState = inState;
    this.failedForGood = failedForGood;
    this.cancelableOnFailing = cancelableOnFailing;
    this.dependents = dependents;
    this.retryOf = retryOf;
  }

  static JobTable empty() {
    return EMPTY;
  }

  /** The table of {@code jobs}, in their iteration order. */
  static JobTable of(Map<String, Job> jobs) {
    if (jobs instanceof JobTable table) {
      return table;
    }
    JobTable table = EMPTY;
    for (Job job : jobs.values()) {
      table = table.with(job);
    }
    return table;
  }

  /** This table with {@code job} added at the end, or replacing the job of the same id. */
  JobTable with(Job job) {
    Integer at = positions.get(job.id());
    Job old = at == null ? null : jobs.get(at);
    int[] counts = inState.clone();
    int failed = failedForGood;
    int cancelable = cancelableOnFailing;
    if (old != null) {
      counts[slot(old.state())]--;
      failed -= failedForGood(old) ? 1 : 0;
      cancelable -= cancelableOnFailing(old) ? 1 : 0;
    }
    counts[slot(job.state())]++;
    failed += failedForGood(job) ? 1 : 0;
    cancelable += cancelableOnFailing(job) ? 1 : 0;
    return new JobTable(
        at == null ? positions.plus(job.id(), jobs.size()) : positions,
        at == null ? jobs.plus(job) : jobs.with(at, job),
        counts,
        failed,
        cancelable,
        withDependencies(old, job),
        retryOf(old, job));
  }

  private HashPMap<String, PSet<String>> withDependencies(Job old, Job job) {
    List<JobDependency> before = old == null ? List.of() : old.spec().dependsOn();
    if (before.equals(job.spec().dependsOn())) {
      return dependents;
    }
    HashPMap<String, PSet<String>> next = dependents;
    for (JobDependency dep : job.spec().dependsOn()) {
      if (!before.contains(dep)) {
        PSet<String> of = next.getOrDefault(dep.jobId(), HashTreePSet.empty());
        next = next.plus(dep.jobId(), of.plus(job.id()));
      }
    }
    return next;
  }

  private HashPMap<String, String> retryOf(Job old, Job job) {
    if (job.retriedBy().isEmpty() || (old != null && old.retriedBy().equals(job.retriedBy()))) {
      return retryOf;
    }
    return retryOf.plus(job.retriedBy().get(), job.id());
  }

  /** A failure that is not forgiven (soft fail) nor replaced by a retry: the build will fail. */
  private static boolean failedForGood(Job job) {
    return job.retriedBy().isEmpty()
        && ((job.state().isFailure() && !job.softFailed())
            || job.state() == JobState.WAITING_FAILED);
  }

  private static boolean cancelableOnFailing(Job job) {
    if (!job.spec().details().cancelOnBuildFailing()) {
      return false;
    }
    return switch (job.state()) {
      case ASSIGNED, ACCEPTED, RUNNING, WAITING, SCHEDULED -> true;
      default -> false;
    };
  }

  /** The index of {@code state} in the per-state counts; they live only in memory, never stored. */
  @SuppressWarnings("EnumOrdinal")
  private static int slot(JobState state) {
    return state.ordinal();
  }

  int count(JobState state) {
    return inState[slot(state)];
  }

  int failedForGood() {
    return failedForGood;
  }

  int cancelableOnFailing() {
    return cancelableOnFailing;
  }

  /**
   * Ids of the jobs that name {@code jobId} as a dependency, or name a job that {@code jobId}
   * retried (a retry stands for the job it replaced).
   */
  Set<String> dependentsOf(String jobId) {
    Set<String> found = new HashSet<>(dependents.getOrDefault(jobId, HashTreePSet.empty()));
    String at = retryOf.get(jobId);
    while (at != null) {
      found.addAll(dependents.getOrDefault(at, HashTreePSet.empty()));
      at = retryOf.get(at);
    }
    return found;
  }

  /** The jobs of {@code ids} that are in this table, in upload order. */
  List<Job> inOrder(Collection<String> ids) {
    List<Integer> at = new ArrayList<>(ids.size());
    for (String id : ids) {
      Integer position = positions.get(id);
      if (position != null) {
        at.add(position);
      }
    }
    at.sort(Comparator.naturalOrder());
    List<Job> found = new ArrayList<>(at.size());
    for (int position : at) {
      found.add(jobs.get(position));
    }
    return found;
  }

  @Override
  public Job get(Object key) {
    Integer at = positions.get(key);
    return at == null ? null : jobs.get(at);
  }

  @Override
  public boolean containsKey(Object key) {
    return positions.containsKey(key);
  }

  @Override
  public int size() {
    return jobs.size();
  }

  @Override
  public Collection<Job> values() {
    return new AbstractCollection<>() {
      @Override
      public Iterator<Job> iterator() {
        return jobs.iterator();
      }

      @Override
      public int size() {
        return jobs.size();
      }
    };
  }

  @Override
  public Set<Entry<String, Job>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, Job>> iterator() {
        Iterator<Job> each = jobs.iterator();
        return new Iterator<>() {
          @Override
          public boolean hasNext() {
            return each.hasNext();
          }

          @Override
          public Entry<String, Job> next() {
            Job job = each.next();
            return new SimpleImmutableEntry<>(job.id(), job);
          }
        };
      }

      @Override
      public int size() {
        return jobs.size();
      }
    };
  }
}
