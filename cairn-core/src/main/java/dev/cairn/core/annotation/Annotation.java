package dev.cairn.core.annotation;

import java.time.Instant;
import java.util.Optional;

/**
 * One annotation. {@code jobId} is present for job-scoped annotations and empty for build-scoped
 * ones; {@code context} names it within its scope (appending and removing go by context).
 */
public record Annotation(
    String id,
    String buildId,
    Optional<String> jobId,
    String context,
    String style,
    int priority,
    String body,
    Instant createdAt,
    Instant updatedAt) {}
