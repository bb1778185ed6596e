package dev.cairn.pipeline;

/**
 * One entry of {@code depends_on}: the key of the step depended on, and whether that step may fail
 * without blocking the dependent.
 */
public record Dependency(String step, boolean allowFailure) {}
