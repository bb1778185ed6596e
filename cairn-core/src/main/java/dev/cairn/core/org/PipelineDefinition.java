package dev.cairn.core.org;

import java.time.Instant;

/**
 * A pipeline as stored: its identity, repository, and the steps YAML ({@code configuration}) that
 * new builds start from.
 */
public record PipelineDefinition(
    String id,
    String organization,
    String slug,
    String name,
    String repository,
    String defaultBranch,
    String configuration,
    Instant createdAt) {}
