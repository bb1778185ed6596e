package dev.cairn.agent.jobapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Job API socket paths of one agent process never repeat, and never name an existing file. */
final class JobApiSocketTest {
  @TempDir Path dir;

  @Test
  void tenThousandJobsGetTenThousandPaths() throws IOException {
    Set<Path> paths = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      Path path = JobApiSocket.newPath(dir);
      assertThat(path.getParent()).isEqualTo(dir.resolve("job-api"));
      assertThat(path.getFileName().toString())
          .startsWith(ProcessHandle.current().pid() + "-")
          .endsWith(".sock");
      paths.add(path);
    }
    assertThat(paths).hasSize(10_000);
  }

  @Test
  void aFileLeftAtTheNextPathIsSteppedOver() throws IOException {
    Path last = JobApiSocket.newPath(dir);
    String name = last.getFileName().toString();
    long number = Long.parseLong(name.substring(name.indexOf('-') + 1, name.indexOf('.')));
    // A dead process with this pid left its next two sockets behind.
    Path stale = last.resolveSibling(ProcessHandle.current().pid() + "-" + (number + 1) + ".sock");
    Files.createFile(stale);
    Files.createFile(
        last.resolveSibling(ProcessHandle.current().pid() + "-" + (number + 2) + ".sock"));

    Path next = JobApiSocket.newPath(dir);

    assertThat(next).doesNotExist();
    assertThat(next.getFileName().toString())
        .isEqualTo(ProcessHandle.current().pid() + "-" + (number + 3) + ".sock");
  }
}
