package dev.cairn.cli;

import static dev.cairn.cli.AgentStartArgs.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * {@code --spawn-per-cpu}, {@code --tags-from-host}, {@code --log-level} and {@code --debug} as the
 * official agent takes them.
 */
final class AgentStartHostFlagsTest {
  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
  private final Level before = root.getLevel();

  @AfterEach
  void restoreLevel() {
    root.setLevel(before);
  }

  @Test
  void spawnPerCpuCountsTheCpusThisProcessMayUse() {
    int cpus = Runtime.getRuntime().availableProcessors();

    assertThat(parse().spawnCount()).isEqualTo(1);
    assertThat(parse("--spawn", "3").spawnCount()).isEqualTo(3);
    assertThat(parse("--spawn-per-cpu", "2").spawnCount()).isEqualTo(2 * cpus);
  }

  @Test
  void spawnAndSpawnPerCpuExcludeEachOther() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> parse("--spawn", "2", "--spawn-per-cpu", "1").spawnCount())
        .withMessageContaining("--spawn and --spawn-per-cpu");
  }

  @Test
  void tagsFromHostAddsHostnameOsAndMachineId() throws Exception {
    assertThat(parse("--tags", "a=b").allTags()).containsExactly("a=b");

    java.util.List<String> tags = parse("--tags", "a=b", "--tags-from-host").allTags();
    assertThat(tags).startsWith("a=b").anyMatch(t -> t.matches("hostname=.+")).contains("os=linux");
    java.nio.file.Path machineId = java.nio.file.Path.of("/etc/machine-id");
    if (java.nio.file.Files.isReadable(machineId)) {
      assertThat(tags).contains("machine-id=" + java.nio.file.Files.readString(machineId).strip());
    }
  }

  @Test
  void logLevelsMapOntoLogback() {
    AgentLogLevel.apply("debug");
    assertThat(root.getLevel()).isEqualTo(Level.DEBUG);
    AgentLogLevel.apply("notice");
    assertThat(root.getLevel()).isEqualTo(Level.INFO);
    AgentLogLevel.apply("FATAL");
    assertThat(root.getLevel()).isEqualTo(Level.ERROR);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> AgentLogLevel.apply("loud"))
        .withMessageContaining("--log-level")
        .withMessageContaining("loud");
  }
}
