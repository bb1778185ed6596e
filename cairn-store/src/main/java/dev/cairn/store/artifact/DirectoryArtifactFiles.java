package dev.cairn.store.artifact;

import dev.cairn.core.port.ArtifactFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;

/**
 * Artifact bytes as files {@code <root>/<build id>/<artifact id>}. A save writes a temporary file
 * beside the target and moves it into place, so a reader never sees half an upload and a failed
 * upload leaves nothing. Ids are checked so a path can never leave the root. Thread-safe.
 */
public final class DirectoryArtifactFiles implements ArtifactFiles {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");

  private final Path root;

  public DirectoryArtifactFiles(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public void save(String buildId, String artifactId, InputStream content) throws IOException {
    Path target = file(buildId, artifactId);
    Files.createDirectories(target.getParent());
    Path temp = Files.createTempFile(target.getParent(), artifactId, ".part");
    try {
      Files.copy(content, temp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  @Override
  public InputStream open(String buildId, String artifactId) throws IOException {
    return Files.newInputStream(file(buildId, artifactId));
  }

  @Override
  public void delete(String buildId, String artifactId) throws IOException {
    Files.deleteIfExists(file(buildId, artifactId));
  }

  private Path file(String buildId, String artifactId) {
    if (!ID.matcher(buildId).matches() || !ID.matcher(artifactId).matches()) {
      throw new IllegalArgumentException("artifact and build ids must be plain ids");
    }
    return root.resolve(buildId).resolve(artifactId);
  }
}
