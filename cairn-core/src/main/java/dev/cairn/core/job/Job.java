package dev.cairn.core.job;

import java.time.Instant;
import java.util.Optional;

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
    Optional<String> retriedBy) {

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

  /** Applies {@code event} through the transition table. */
  public Job transition(JobEvent event) {
    return withState(JobTransitions.require(state, event));
  }

  /** The job with {@code added} appended to its dependencies (a dependency uploaded more). */
  public Job withDependencies(java.util.List<JobDependency> added) {
    java.util.List<JobDependency> deps = new java.util.ArrayList<>(spec.dependsOn());
    deps.addAll(added);
    return new Job(
        spec.withDependsOn(deps),
        state,
        agentId,
        agentName,
        exitStatus,
        signal,
        signalReason,
        tokenHash,
        createdAt,
        scheduledAt,
        startedAt,
        finishedAt,
        retriedBy);
  }

  /** The job with no end time, waiting again. */
  public Job withoutFinish() {
    return new Job(
        spec,
        state,
        agentId,
        agentName,
        exitStatus,
        signal,
        signalReason,
        tokenHash,
        createdAt,
        scheduledAt,
        startedAt,
        Optional.empty(),
        retriedBy);
  }

  /** The job, now replaced by the retry {@code jobId}. */
  public Job withRetriedBy(String jobId) {
    return new Job(
        spec,
        state,
        agentId,
        agentName,
        exitStatus,
        signal,
        signalReason,
        tokenHash,
        createdAt,
        scheduledAt,
        startedAt,
        finishedAt,
        Optional.of(jobId));
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

  public Job withState(JobState next) {
    return new Job(
        spec,
        next,
        agentId,
        agentName,
        exitStatus,
        signal,
        signalReason,
        tokenHash,
        createdAt,
        scheduledAt,
        startedAt,
        finishedAt,
        retriedBy);
  }

  public Job withAgent(String id, String name) {
    return new Job(
        spec,
        state,
        Optional.of(id),
        Optional.of(name),
        exitStatus,
        signal,
        signalReason,
        tokenHash,
        createdAt,
        scheduledAt,
        startedAt,
        finishedAt,
        retriedBy);
  }

  public Job withTokenHash(String hash) {
    return new Job(
        spec,
        state,
        agentId,
        agentName,
        exitStatus,
        signal,
        signalReason,
        Optional.of(hash),
        createdAt,
        scheduledAt,
        startedAt,
        finishedAt,
        retriedBy);
  }

  public Job withScheduledAt(Instant at) {
    return new Job(
        spec,
        state,
        agentId,
        agentName,
        exitStatus,
        signal,
        signalReason,
        tokenHash,
        createdAt,
        Optional.of(at),
        startedAt,
        finishedAt,
        retriedBy);
  }

  public Job withStartedAt(Instant at) {
    return new Job(
        spec,
        state,
        agentId,
        agentName,
        exitStatus,
        signal,
        signalReason,
        tokenHash,
        createdAt,
        scheduledAt,
        Optional.of(at),
        finishedAt,
        retriedBy);
  }

  public Job withResult(int exit, String sig, String reason, Instant at) {
    return new Job(
        spec,
        state,
        agentId,
        agentName,
        Optional.of(exit),
        Optional.ofNullable(sig),
        Optional.ofNullable(reason),
        tokenHash,
        createdAt,
        scheduledAt,
        startedAt,
        Optional.of(at),
        retriedBy);
  }

  public Job withFinishedAt(Instant at) {
    return new Job(
        spec,
        state,
        agentId,
        agentName,
        exitStatus,
        signal,
        signalReason,
        tokenHash,
        createdAt,
        scheduledAt,
        startedAt,
        Optional.of(at),
        retriedBy);
  }
}
