package dev.cairn.protocol;

/**
 * The reply to {@code GET /v3/jobs/{id}}, polled by the agent while a job runs: {@code canceling}
 * or {@code timing_out} tell it to stop the job.
 */
public record JobState(String state) {}
