package dev.cairn.core.decide;

import dev.cairn.core.build.BuildEvent.JobRetried;
import dev.cairn.core.build.BuildState;
import dev.cairn.core.job.Attempt;
import dev.cairn.core.job.Job;
import dev.cairn.core.job.JobSpec;
import dev.cairn.pipeline.RetryRule;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Retry policy: whether a job that just ended should run again, by its step's automatic rules or at
 * a person's request. Rules are tried in order and the first match decides; each rule counts its
 * own retries up to its limit. Canceled jobs are never retried automatically.
 *
 * <p>The retry's job id is derived from the job it replaces and the attempt number, so the decider
 * stays deterministic: replaying a history yields the same ids.
 */
final class Retries {
  static final String AUTOMATIC = "automatic";

  private Retries() {}

  /** The automatic retry of {@code job}, which ended with this result, if a rule allows one. */
  static Optional<JobRetried> automatic(
      BuildState state, Job job, int exitStatus, String signal, String signalReason, Instant now) {
    if (state.cancelRequested() || "cancel".equals(signalReason) || exitStatus == 0) {
      return Optional.empty();
    }
    List<RetryRule> rules = job.spec().policy().retry().automatic();
    for (int i = 0; i < rules.size(); i++) {
      RetryRule rule = rules.get(i);
      if (matches(rule, exitStatus, signal, signalReason)) {
        if (job.spec().attempt().usedBy(i) >= rule.limit()) {
          return Optional.empty();
        }
        return Optional.of(retry(job, i, AUTOMATIC, now));
      }
    }
    return Optional.empty();
  }

  static boolean matches(RetryRule rule, int exitStatus, String signal, String signalReason) {
    boolean status =
        rule.anyExitStatus()
            ? exitStatus >= 1 && exitStatus <= 255
            : rule.exitStatuses().contains(exitStatus);
    return status && matches(rule.signal(), signal) && matches(rule.signalReason(), signalReason);
  }

  private static boolean matches(Optional<String> wanted, String actual) {
    return wanted.isEmpty() || wanted.get().equals("*") || wanted.get().equals(actual);
  }

  /** Why a person may not retry {@code job}, or empty when they may. */
  static Optional<String> manualRefusal(Job job) {
    if (job.retriedBy().isPresent()) {
      return Optional.of("job " + job.id() + " was already retried");
    }
    if (!job.state().isTerminal()) {
      return Optional.of(
          "job "
              + job.id()
              + " is "
              + job.state().apiName()
              + "; only finished jobs can be retried");
    }
    if (!job.spec().policy().retry().manualAllowed()) {
      return Optional.of(
          job.spec()
              .policy()
              .retry()
              .manualReason()
              .orElse("this step does not allow manual retries"));
    }
    boolean passed = job.state() == dev.cairn.core.job.JobState.PASSED || job.softFailed();
    if (passed && !job.spec().policy().retry().manualPermitOnPassed()) {
      return Optional.of(
          "job " + job.id() + " passed; its step does not permit retrying passed jobs");
    }
    return Optional.empty();
  }

  static JobRetried retry(Job job, int ruleIndex, String by, Instant now) {
    Attempt next = job.spec().attempt().next(job.id(), ruleIndex);
    String id =
        UUID.nameUUIDFromBytes(
                (job.id() + ":retry:" + next.number()).getBytes(StandardCharsets.UTF_8))
            .toString();
    JobSpec spec = job.spec().retriedAs(id, next);
    return new JobRetried(job.id(), spec, by, now);
  }
}
