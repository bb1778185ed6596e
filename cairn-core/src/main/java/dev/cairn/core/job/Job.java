package dev.cairn.core.job;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A job's current state, derived from the build's history. Immutable: every change makes a new
 * value through one of the {@code with…} methods.
 */
public record Job(
    JobSpec spec,
    JobState state,
    Optional<String> agentId,
    Optional<String> agentName,
    Optional<Integer> exitStatus,
    Optional<String> signal,
    Optional<String> signalReason,
    Optional<String> tokenHash,
    Instant createdAt,
    Optional<Instant> scheduledAt,
    Optional<Instant> startedAt,
    Optional<Instant> finishedAt,
    Optional<String> retriedBy,
    Optional<TriggeredBuild> triggeredBuild) {

  public Job {
    // Snapshots written before trigger steps ran have no such field.
    triggeredBuild = triggeredBuild == null ? Optional.empty() : triggeredBuild;
  }

  public static Job created(JobSpec spec, Instant at) {
    return new Job(
        spec,
        JobState.WAITING,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        at,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  public String id() {
    return spec.id();
  }

  /**
   * When the job times out: its start plus the step's timeout. Derived from durable state, so the
   * timer survives restarts without a timer table.
   */
  public Optional<Instant> timeoutAt() {
    return spec.policy().timeout().flatMap(t -> startedAt.map(s -> s.plus(t)));
  }

  /**
   * A failure its step's {@code soft_fail} forgives: it counts as passed for dependents and the
   * build.
   */
  public boolean softFailed() {
    return state == JobState.FAILED
        && exitStatus.isPresent()
        && spec.policy().softFail().matches(exitStatus.get());
  }

  /** Applies {@code event} through the transition table. */
  public Job transition(JobEvent event) {
    return withState(JobTransitions.require(state, event));
  }

  /** The job with {@code added} appended to its dependencies (a dependency uploaded more). */
  public Job withDependencies(List<JobDependency> added) {
    List<JobDependency> deps = new ArrayList<>(spec.dependsOn());
    deps.addAll(added);
    return copy(c -> c.spec = spec.withDependsOn(deps));
  }

  /** The job with no end time, waiting again. */
  public Job withoutFinish() {
    return copy(c -> c.finishedAt = Optional.empty());
  }

  /** The job, now replaced by the retry {@code jobId}. */
  public Job withRetriedBy(String jobId) {
    return copy(c -> c.retriedBy = Optional.of(jobId));
  }

  public Job withState(JobState next) {
    return copy(c -> c.state = next);
  }

  public Job withAgent(String id, String name) {
    return copy(c -> {
      c.agentId = Optional.of(id);
      c.agentName = Optional.of(name);
    });
  }

  /** The job with no agent, as when it goes back to the queue. */
  public Job withoutAgent() {
    return copy(c -> {
      c.agentId = Optional.empty();
      c.agentName = Optional.empty();
    });
  }

  public Job withTokenHash(String hash) {
    return copy(c -> c.tokenHash = Optional.of(hash));
  }

  public Job withScheduledAt(Instant at) {
    return copy(c -> c.scheduledAt = Optional.of(at));
  }

  public Job withStartedAt(Instant at) {
    return copy(c -> c.startedAt = Optional.of(at));
  }

  public Job withResult(int exit, String sig, String reason, Instant at) {
    return copy(c -> {
      c.exitStatus = Optional.of(exit);
      c.signal = Optional.ofNullable(sig);
      c.signalReason = Optional.ofNullable(reason);
      c.finishedAt = Optional.of(at);
    });
  }

  /** The job, now running while the build it triggered does. */
  public Job withTriggeredBuild(TriggeredBuild build) {
    return copy(c -> c.triggeredBuild = Optional.of(build));
  }

  public Job withFinishedAt(Instant at) {
    return copy(c -> c.finishedAt = Optional.of(at));
  }

  /** This job with the fields {@code change} sets; the one place every component is listed. */
  private Job copy(Consumer<Copy> change) {
    Copy c = new Copy(this);
    change.accept(c);
    return new Job(
        c.spec,
        c.state,
        c.agentId,
        c.agentName,
        c.exitStatus,
        c.signal,
        c.signalReason,
        c.tokenHash,
        createdAt,
        c.scheduledAt,
        c.startedAt,
        c.finishedAt,
        c.retriedBy,
        c.triggeredBuild);
  }

  /** The changeable fields of a job being copied; confined to one {@link #copy} call. */
  private static final class Copy {
    JobSpec spec;
    JobState state;
    Optional<String> agentId;
    Optional<String> agentName;
    Optional<Integer> exitStatus;
    Optional<String> signal;
    Optional<String> signalReason;
    Optional<String> tokenHash;
    Optional<Instant> scheduledAt;
    Optional<Instant> startedAt;
    Optional<Instant> finishedAt;
    Optional<String> retriedBy;
    Optional<TriggeredBuild> triggeredBuild;

    Copy(Job job) {
      spec = job.spec;
      state = job.state;
      agentId = job.agentId;
      agentName = job.agentName;
      exitStatus = job.exitStatus;
      signal = job.signal;
      signalReason = job.signalReason;
      tokenHash = job.tokenHash;
      scheduledAt = job.scheduledAt;
      startedAt = job.startedAt;
      finishedAt = job.finishedAt;
      retriedBy = job.retriedBy;
      triggeredBuild = job.triggeredBuild;
    }
  }
}
