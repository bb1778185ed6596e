package dev.cairn.pipeline;

import java.util.List;

/**
 * The result of expanding a pipeline: its jobs in pipeline order, and the steps excluded by {@code
 * if} or {@code branches} (which create no job, and satisfy whoever depends on them). Immutable.
 */
public record Expansion(List<PlannedJob> jobs, List<Step> excluded) {
  public Expansion {
    jobs = List.copyOf(jobs);
    excluded = List.copyOf(excluded);
  }
}
