package dev.cairn.core.port;

import dev.cairn.core.artifact.Artifact;
import dev.cairn.core.artifact.ArtifactState;
import java.util.List;
import java.util.Optional;

/** What is known about artifacts (never their bytes, see {@link ArtifactFiles}). Thread-safe. */
public interface ArtifactStore {
  /**
   * Adds a batch of artifacts, unless a batch with that id exists already (an agent retrying its
   * create call); either way returns the batch's artifacts as stored, in order.
   */
  List<Artifact> addBatch(String batchId, List<Artifact> artifacts);

  Optional<Artifact> byId(String artifactId);

  /** The artifact of {@code batchId} at {@code path}, if any. */
  Optional<Artifact> inBatch(String batchId, String path);

  /** Sets the state of one of the job's artifacts; false when the job has no such artifact. */
  boolean setState(String jobId, String artifactId, ArtifactState state);

  /** Records that the artifact's bytes are in {@link ArtifactFiles}. */
  void markStored(String artifactId);

  /** Every artifact of the build, oldest first. */
  List<Artifact> ofBuild(String buildId);
}
