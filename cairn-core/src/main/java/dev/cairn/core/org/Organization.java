package dev.cairn.core.org;

import java.time.Instant;

/** An organization: the namespace of pipelines. Organization {@code default} always exists. */
public record Organization(String id, String slug, String name, Instant createdAt) {}
