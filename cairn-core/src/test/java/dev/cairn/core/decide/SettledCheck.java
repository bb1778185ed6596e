package dev.cairn.core.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.build.BuildState;
import dev.cairn.core.job.Job;
import dev.cairn.core.job.JobDependency;
import dev.cairn.core.job.JobState;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Checks what the decider's shortcuts rely on, by recomputing it the slow way over every job: the
 * state left by a decision is settled (a pass over every waiting job, not only those the decision
 * touched, finds nothing more), and the counts and dependents the state keeps match its jobs.
 */
final class SettledCheck {
  private SettledCheck() {}

  static void assertSettledAndIndexed(BuildState state, Instant now) {
    assertThat(Settler.fullPass(state, now))
        .as("a pass over every waiting job after the decision")
        .isEmpty();
    for (JobState s : JobState.values()) {
      long count = state.jobList().stream().filter(j -> j.state() == s).count();
      assertThat(state.countIn(s)).as("jobs counted %s", s).isEqualTo((int) count);
    }
    boolean failing =
        state.jobList().stream()
            .filter(j -> j.retriedBy().isEmpty())
            .anyMatch(j ->
                (j.state().isFailure() && !j.softFailed()) || j.state() == JobState.WAITING_FAILED);
    assertThat(state.failing()).as("failing").isEqualTo(failing);
    long cancelable =
        state.jobList().stream()
            .filter(j -> j.spec().details().cancelOnBuildFailing())
            .filter(j ->
                Set.of(
                        JobState.ASSIGNED,
                        JobState.ACCEPTED,
                        JobState.RUNNING,
                        JobState.WAITING,
                        JobState.SCHEDULED)
                    .contains(j.state()))
            .count();
    assertThat(state.cancelableOnFailing()).isEqualTo((int) cancelable);
    Map<String, Set<String>> direct = new HashMap<>();
    for (Job job : state.jobList()) {
      for (JobDependency dep : job.spec().dependsOn()) {
        direct.computeIfAbsent(dep.jobId(), k -> new HashSet<>()).add(job.id());
      }
    }
    for (Job job : state.jobList()) {
      Set<String> expected = new HashSet<>(direct.getOrDefault(job.id(), Set.of()));
      for (Job other : state.jobList()) {
        if (isRetriedInto(state, other, job)) {
          expected.addAll(direct.getOrDefault(other.id(), Set.of()));
        }
      }
      assertThat(state.dependentsOf(job.id())).as("dependents of " + job.id()).isEqualTo(expected);
    }
  }

  /** True when {@code retry} is reached from {@code original} by following retries. */
  private static boolean isRetriedInto(BuildState state, Job original, Job retry) {
    Job at = original;
    while (at.retriedBy().isPresent()) {
      at = state.jobs().get(at.retriedBy().get());
      if (at.id().equals(retry.id())) {
        return true;
      }
    }
    return false;
  }
}
