package dev.cairn.core.job;

import java.util.Map;
import java.util.Optional;

/**
 * Which try of its step a job is: {@code number} 0 for the first, and for a retry the job it
 * replaces and how many automatic retries each rule (by its index in the step's rules) has used,
 * since each rule counts its own retries up to its limit.
 */
public record Attempt(int number, Optional<String> retryOf, Map<Integer, Integer> retriesByRule) {
  public static final Attempt FIRST = new Attempt(0, Optional.empty(), Map.of());

  public Attempt {
    retriesByRule = Map.copyOf(retriesByRule);
  }

  /** Retries rule {@code ruleIndex} has used so far. */
  public int usedBy(int ruleIndex) {
    return retriesByRule.getOrDefault(ruleIndex, 0);
  }

  /**
   * The attempt after this one, replacing {@code jobId}; {@code ruleIndex} -1 for a manual retry.
   */
  public Attempt next(String jobId, int ruleIndex) {
    Map<Integer, Integer> used = new java.util.HashMap<>(retriesByRule);
    if (ruleIndex >= 0) {
      used.merge(ruleIndex, 1, Integer::sum);
    }
    return new Attempt(number + 1, Optional.of(jobId), used);
  }
}
