package dev.cairn.cli;

import static dev.cairn.cli.AgentStartArgs.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --strict-single-hooks} as the official agent takes it: off by default, on with the flag or
 * the configuration file's {@code strict-single-hooks}.
 */
final class AgentStartStrictSingleHooksTest {
  @TempDir Path dir;

  @Test
  void offByDefaultOnWithTheFlag() {
    assertThat(parse().jobSettings().strictSingleHooks()).isFalse();
    assertThat(parse("--strict-single-hooks").jobSettings().strictSingleHooks()).isTrue();
    assertThat(parse("--strict-single-hooks=false").jobSettings().strictSingleHooks()).isFalse();
  }

  @Test
  void theConfigurationFileSetsItToo() throws Exception {
    Path cfg = Files.writeString(dir.resolve("agent.cfg"), "strict-single-hooks=true\n");
    AgentStartCommand start = AgentStartArgs.parseWithConfigFile(cfg);

    assertThat(start.jobSettings().strictSingleHooks()).isTrue();
  }
}
