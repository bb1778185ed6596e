package dev.cairn.core.port;

/** Another writer changed the build since it was read; the caller reloads and decides again. */
public final class VersionConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public VersionConflictException(String buildId, long expectedVersion) {
    super("build " + buildId + " changed after version " + expectedVersion);
  }
}
