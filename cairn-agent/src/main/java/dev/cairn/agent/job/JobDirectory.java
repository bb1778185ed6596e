package dev.cairn.agent.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's private scratch directory (the files through which a hook hands back its environment),
 * made on first use and removed when the job ends. Most jobs run no hook, and making and then
 * walking and removing a directory for each of them cost a trivial job almost a millisecond under
 * load. Used by the job's thread only.
 */
final class JobDirectory implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobDirectory.class);

  private Path dir;

  /** The directory, made now if this is its first use. */
  Path path() {
    if (dir == null) {
      try {
        dir = Files.createTempDirectory("cairn-job-");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return dir;
  }

  /** Removes the directory and everything in it, if it was made. */
  @Override
  public void close() {
    if (dir == null) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      LOG.debug("cannot remove {}", dir, e);
    }
  }
}
