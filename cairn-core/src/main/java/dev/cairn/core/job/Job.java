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
    Optional<Instant> finishedAt) {

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
        Optional.empty());
  }

  public String id() {
    return spec.id();
  }

  /** Applies {@code event} through the transition table. */
  public Job transition(JobEvent event) {
    return withState(JobTransitions.require(state, event));
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
        finishedAt);
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
        finishedAt);
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
        finishedAt);
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
        finishedAt);
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
        finishedAt);
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
        Optional.of(at));
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
        Optional.of(at));
  }
}
