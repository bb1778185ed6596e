package dev.cairn.core.port;

import java.io.IOException;
import java.io.InputStream;

/**
 * The bytes of artifacts, kept outside the database (a directory under the data directory, or an
 * object store). A save either completes or leaves nothing behind. Thread-safe.
 */
public interface ArtifactFiles {
  /** Stores {@code content} as the artifact's bytes, replacing earlier ones. */
  void save(String buildId, String artifactId, InputStream content) throws IOException;

  /**
   * Opens the artifact's bytes for reading.
   *
   * @throws java.nio.file.NoSuchFileException when none were saved
   */
  InputStream open(String buildId, String artifactId) throws IOException;

  void delete(String buildId, String artifactId) throws IOException;
}
