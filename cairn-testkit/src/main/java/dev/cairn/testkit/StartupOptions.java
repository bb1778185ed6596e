package dev.cairn.testkit;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * JVM options that make the {@code cairn} processes of tests start fast, so that on a loaded
 * machine a restarted server is back in seconds rather than half a minute.
 *
 * <p>Why: a server start costs about 4 s of CPU (class loading and the JIT compiling start-up
 * code); at a load average of 15 on two cores that was 15 to 25 s of wall time, measured, and the
 * crash test restarts its server several times. Two measures cut it to about 1.5 s of CPU:
 *
 * <ul>
 *   <li>{@code -XX:TieredStopAtLevel=1}: only the quick C1 compiler. Test processes live for
 *       seconds to minutes, far too short for C2's slower compilation to pay back.
 *   <li>A dynamic class-data-sharing archive per class path ({@code -XX:+AutoCreateSharedArchive}):
 *       the first process of a class path writes it when it exits, later ones map it instead of
 *       loading and verifying the same classes again. The JVM checks the archive against the jars
 *       and quietly makes a new one when they changed; if two processes write it at once each
 *       writes its own file and the last one wins. The JVM uses no archive while a non-empty
 *       directory is on the class path, so the child's class path leaves out the test module's
 *       compiled tests (it runs main code only), and a class path with other class directories (a
 *       reactor build that did not package) gets no archive. A process killed with SIGKILL writes
 *       no archive, so {@link ServerProcess} starts and stops one server first when there is none
 *       yet (once per class path and machine).
 * </ul>
 *
 * <p>Archives are named by a hash of the JDK, the class path and its jars' sizes and times, in
 * {@code target/cairn-test-cds/} of the module whose tests run (Maven's {@code basedir}), so {@code
 * mvn clean} removes them and a fresh clone starts without; one archive is about 30 MB. A rebuilt
 * jar makes a new archive, so when one is placed, the others in that directory not written for an
 * hour are removed, and so are those earlier versions left in {@code <tmp>/cairn-test-cds/}.
 * Deleting an archive a running JVM maps is safe: the mapping outlives the name.
 *
 * <p>Benchmarks do not use this: they start their processes themselves, with default options.
 */
final class StartupOptions {
  /** How long an archive other than the current one is kept after it was written. */
  private static final java.time.Duration STALE_AFTER = java.time.Duration.ofHours(1);

  private StartupOptions() {}

  /** The start-up options for a child JVM of this test JVM. */
  static List<String> forThisClassPath() {
    return forClassPath(System.getProperty("java.class.path"));
  }

  /** True when this test JVM's class path allows an archive and none exists yet. */
  static boolean archiveMissing() {
    String path = childClassPath(System.getProperty("java.class.path"));
    return archivable(path) && !Files.exists(archiveFor(path));
  }

  /** {@code -cp} and the start-up options for a child JVM running from {@code classPath}. */
  static List<String> forClassPath(String classPath) {
    String path = childClassPath(classPath);
    List<String> options = new ArrayList<>();
    options.add("-XX:TieredStopAtLevel=1");
    if (archivable(path)) {
      options.add("-XX:+AutoCreateSharedArchive");
      options.add("-XX:SharedArchiveFile=" + archiveFor(path));
      options.add(
          "-Xlog:cds*=off"); // A stale archive is replaced silently; its warnings are noise.
    }
    options.add("-cp");
    options.add(path);
    return options;
  }

  /**
   * The class path without the test module's compiled tests ({@code target/test-classes}): the
   * child runs only main code, and the JVM refuses an archive while a non-empty directory is on the
   * class path.
   */
  private static String childClassPath(String classPath) {
    List<String> kept = new ArrayList<>();
    for (String entry : classPath.split(File.pathSeparator, -1)) {
      if (!entry.isEmpty() && !Path.of(entry).endsWith("test-classes")) {
        kept.add(entry);
      }
    }
    return String.join(File.pathSeparator, kept);
  }

  /**
   * True when no entry is a non-empty directory (for example module classes in a reactor build that
   * did not package them): then an archive could never be used, so none is made.
   */
  private static boolean archivable(String classPath) {
    for (String entry : classPath.split(File.pathSeparator, -1)) {
      Path path = Path.of(entry);
      if (Files.isDirectory(path)) {
        try (var files = Files.list(path)) {
          if (files.findAny().isPresent()) {
            return false;
          }
        } catch (java.io.IOException e) {
          return false;
        }
      }
    }
    return true;
  }

  /** One archive per JDK and class path, in the temporary directory. */
  private static Path archiveFor(String classPath) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(System.getProperty("java.home").getBytes(StandardCharsets.UTF_8));
      sha.update(classPath.getBytes(StandardCharsets.UTF_8));
      // A rebuilt jar gets a new archive (and so a new warm-up) instead of a stale one.
      for (String entry : classPath.split(File.pathSeparator, -1)) {
        Path jar = Path.of(entry);
        if (Files.isRegularFile(jar)) {
          String stamp = Files.size(jar) + "@" + Files.getLastModifiedTime(jar).toMillis();
          sha.update(stamp.getBytes(StandardCharsets.UTF_8));
        }
      }
      String key = HexFormat.of().formatHex(sha.digest()).substring(0, 20);
      Path dir = archiveDirectory();
      Files.createDirectories(dir);
      Path archive = dir.resolve(key + ".jsa");
      removeStale(dir, archive);
      removeStale(Path.of(System.getProperty("java.io.tmpdir"), "cairn-test-cds"), archive);
      return archive;
    } catch (NoSuchAlgorithmException | java.io.IOException e) {
      throw new IllegalStateException("cannot place the class-data archive", e);
    }
  }

  /** {@code target/cairn-test-cds} of the module under test (surefire sets {@code basedir}). */
  private static Path archiveDirectory() {
    String base = System.getProperty("basedir", System.getProperty("user.dir"));
    return Path.of(base).toAbsolutePath().resolve("target").resolve("cairn-test-cds");
  }

  /**
   * Removes the archives in {@code dir} other than {@code keep} that were not written for an hour
   * (of another class path, or of jars since rebuilt), and {@code dir} itself once empty, unless it
   * holds {@code keep}. Best effort: another process may be doing the same.
   */
  private static void removeStale(Path dir, Path keep) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    java.time.Instant cutoff = java.time.Instant.now().minus(STALE_AFTER);
    try (var files = Files.list(dir)) {
      for (Path file : files.toList()) {
        if (file.getFileName().toString().endsWith(".jsa")
            && !file.equals(keep)
            && Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
          Files.deleteIfExists(file);
        }
      }
      if (!dir.equals(keep.getParent())) {
        Files.deleteIfExists(dir); // fails, harmlessly, while it is not empty
      }
    } catch (java.io.IOException e) {
      // Left for the next run; an old archive costs only disk space.
    }
  }
}
