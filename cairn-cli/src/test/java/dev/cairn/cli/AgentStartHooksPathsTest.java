package dev.cairn.cli;

import static dev.cairn.cli.AgentStartArgs.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --additional-hooks-paths} as the official agent takes it: comma separated, in order, from
 * the flag or from the configuration file's {@code additional-hooks-paths}; none by default.
 */
final class AgentStartHooksPathsTest {
  @TempDir Path dir;

  @Test
  void noneByDefault() {
    assertThat(parse().jobSettings().additionalHooksPaths()).isEmpty();
  }

  @Test
  void theFlagTakesDirectoriesInOrderMadeAbsolute() {
    assertThat(
            parse("--hooks-path", "/etc/hooks", "--additional-hooks-paths", "/b,relative,,/a")
                .jobSettings()
                .agentHooksPaths())
        .containsExactly(
            Path.of("/etc/hooks"),
            Path.of("/b"),
            Path.of("relative").toAbsolutePath(),
            Path.of("/a"));
  }

  @Test
  void theConfigurationFileSetsThemToo() throws Exception {
    Path cfg = Files.writeString(dir.resolve("agent.cfg"), "additional-hooks-paths=\"/x,/y\"\n");
    AgentStartCommand start = AgentStartArgs.parseWithConfigFile(cfg);

    assertThat(start.jobSettings().additionalHooksPaths())
        .containsExactly(Path.of("/x"), Path.of("/y"));
  }
}
