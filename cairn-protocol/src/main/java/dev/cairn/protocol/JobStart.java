package dev.cairn.protocol;

/** {@code PUT /v3/jobs/{id}/start} body: when the job began, RFC 3339 with nanoseconds. */
public record JobStart(String startedAt) {}
