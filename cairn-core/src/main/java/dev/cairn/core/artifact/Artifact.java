package dev.cairn.core.artifact;

import java.time.Instant;

/**
 * An artifact of a job. {@code sha1} and {@code sha256} are the digests the agent declared (an
 * upload to Cairn's own storage is checked against them); {@code uploadDestination} is empty for
 * Cairn's storage, or a bucket URL the agent uploads to itself; {@code stored} is true once Cairn
 * holds the bytes.
 */
public record Artifact(
    String id,
    String batchId,
    String buildId,
    String jobId,
    String path,
    long fileSize,
    String sha1,
    String sha256,
    String contentType,
    String uploadDestination,
    ArtifactState state,
    boolean stored,
    Instant createdAt) {

  public Artifact withState(ArtifactState next) {
    return new Artifact(
        id,
        batchId,
        buildId,
        jobId,
        path,
        fileSize,
        sha1,
        sha256,
        contentType,
        uploadDestination,
        next,
        stored,
        createdAt);
  }
}
