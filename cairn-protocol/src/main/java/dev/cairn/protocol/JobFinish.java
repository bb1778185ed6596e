package dev.cairn.protocol;

/**
 * {@code PUT /v3/jobs/{id}/finish} body. {@code exitStatus} is a string on the wire ({@code "-1"}
 * means the command never ran); {@code signal} and {@code signalReason} are absent unless the job
 * was signalled or refused.
 */
public record JobFinish(
    String exitStatus,
    String signal,
    String signalReason,
    String finishedAt,
    int chunksFailedCount,
    Boolean ignoreAgentInDispatches) {}
