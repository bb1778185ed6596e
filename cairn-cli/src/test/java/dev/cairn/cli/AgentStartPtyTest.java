package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Jobs run on a pseudo-terminal unless {@code --no-pty} (env {@code BUILDKITE_NO_PTY}, file key
 * {@code no-pty}) says pipes, as with the official agent.
 */
final class AgentStartPtyTest {

  private static AgentStartCommand parse(String... flags) {
    CommandLine cli = Main.commandLine();
    CommandLine start = cli.getSubcommands().get("agent").getSubcommands().get("start");
    String[] args = new String[flags.length + 2];
    args[0] = "agent";
    args[1] = "start";
    System.arraycopy(flags, 0, args, 2, flags.length);
    cli.parseArgs(args);
    return (AgentStartCommand) start.getCommand();
  }

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
