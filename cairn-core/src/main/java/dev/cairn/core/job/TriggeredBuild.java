package dev.cairn.core.job;

/** The build a trigger job created: its id, its number and the slug of its pipeline. */
public record TriggeredBuild(String buildId, long number, String pipelineSlug) {}
