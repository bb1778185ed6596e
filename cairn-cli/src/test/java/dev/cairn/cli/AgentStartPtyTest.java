package dev.cairn.cli;

import static dev.cairn.cli.AgentStartArgs.parse;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Jobs run on a pseudo-terminal unless {@code --no-pty} (env {@code BUILDKITE_NO_PTY}, file key
 * {@code no-pty}) says pipes, as with the official agent.
 */
final class AgentStartPtyTest {

  @Test
  void jobsRunOnATerminalByDefault() {
    assertThat(parse().jobSettings().pty()).isTrue();
  }

  @Test
  void noPtyRunsThemOnPipes() {
    assertThat(parse("--no-pty").jobSettings().pty()).isFalse();
    assertThat(parse("--no-pty=false").jobSettings().pty()).isTrue();
  }
}
