package dev.cairn.pipeline;

/**
 * A planned job's dependency on another job, by id; {@code allowFailure} lets the dependent run
 * even if that job fails.
 */
public record PlannedDependency(String jobId, boolean allowFailure) {}
