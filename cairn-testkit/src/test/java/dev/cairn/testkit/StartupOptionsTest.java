package dev.cairn.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data archives of test processes live in the build's own {@code target} directory, so
 * {@code mvn clean} and a fresh clone never keep them, and an archive of an older class path is
 * removed when a new one is placed.
 */
class StartupOptionsTest {
  @TempDir Path jars;

  @Test
  void theArchiveIsUnderThisModulesTargetDirectory() throws Exception {
    Path jar = Files.writeString(jars.resolve("a.jar"), "not really a jar");

    Path archive = archiveOf(StartupOptions.forClassPath(jar.toString()));

    Path target = Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("target");
    assertThat(archive.getParent()).isEqualTo(target.resolve("cairn-test-cds"));
    assertThat(archive.getFileName().toString()).endsWith(".jsa");
  }

  @Test
  void archivesOfOtherClassPathsThatAreNotFreshAreRemoved() throws Exception {
    Path jar = Files.writeString(jars.resolve("b.jar"), "not really a jar");
    Path archive = archiveOf(StartupOptions.forClassPath(jar.toString()));
    Path stale = archive.resolveSibling("00000000000000000000.jsa");
    Path fresh = archive.resolveSibling("11111111111111111111.jsa");
    Files.writeString(stale, "old");
    Files.writeString(fresh, "new");
    Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofDays(1))));

    StartupOptions.forClassPath(jar.toString());

    assertThat(stale).doesNotExist();
    assertThat(fresh).exists();
    Files.delete(fresh);
  }

  private static Path archiveOf(List<String> options) {
    String prefix = "-XX:SharedArchiveFile=";
    return options.stream()
        .filter(o -> o.startsWith(prefix))
        .map(o -> Path.of(o.substring(prefix.length())))
        .findFirst()
        .orElseThrow();
  }
}
