package dev.cairn.agent.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The job's scratch directory, made only when used, and the bin directory shared by all jobs. */
final class JobDirectoriesTest {
  @Test
  void aScratchDirectoryIsMadeOnlyWhenUsedAndRemovedWithItsFiles() throws Exception {
    JobDirectory unused = new JobDirectory();
    unused.close();

    JobDirectory used = new JobDirectory();
    Path dir = used.path();
    assertThat(used.path()).isEqualTo(dir);
    Files.writeString(dir.resolve("hook-env"), "A=b\n");
    assertThat(dir).isDirectory();
    used.close();
    assertThat(dir).doesNotExist();
  }

  @Test
  void everyJobGetsTheSameBinDirectoryMadeAgainIfRemoved() throws Exception {
    List<String> command = List.of("/usr/bin/java", "-cp", "it's.jar", "dev.cairn.cli.Main");
    Path dir = BinDirectory.shared(command);
    Path script = dir.resolve(BinDirectory.NAME);
    assertThat(script).isExecutable();
    assertThat(Files.readString(script))
        .isEqualTo(
            "#!/bin/sh\nexec '/usr/bin/java' '-cp' 'it'\\''s.jar' 'dev.cairn.cli.Main' agent \"$@\"\n");
    assertThat(BinDirectory.shared(command)).isEqualTo(dir);

    Files.delete(script);
    Files.delete(dir);
    assertThat(BinDirectory.shared(command)).isEqualTo(dir);
    assertThat(script).isExecutable();
  }
}
