package dev.cairn.core.job;

/** A job this job waits for, and whether that job may fail without blocking this one. */
public record JobDependency(String jobId, boolean allowFailure) {}
