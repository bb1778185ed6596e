package dev.cairn.protocol;

import java.util.Map;

/**
 * The full job, returned by accept and acquire. {@code env} is the complete job environment the
 * server computed; {@code step} is the command step as uploaded (kept as a JSON object so unknown
 * fields and signatures round-trip); {@code token} is the job-scoped access token the agent uses
 * for every later call about this job.
 */
public record Job(
    String id,
    String endpoint,
    String state,
    Map<String, String> env,
    Map<String, Object> step,
    Map<String, String> matrixPermutation,
    long chunksMaxSizeBytes,
    int chunksIntervalSeconds,
    long logMaxSizeBytes,
    String token,
    String runnableAt,
    Integer priority) {}
