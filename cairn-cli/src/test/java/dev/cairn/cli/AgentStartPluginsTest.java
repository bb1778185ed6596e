package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Which flags allow plugins, as the official agent decides: {@code --no-command-eval} and {@code
 * --no-local-hooks} refuse them unless {@code --no-plugins} is given explicitly.
 */
final class AgentStartPluginsTest {

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
  void pluginsAreAllowedByDefault() {
    assertThat(parse().jobSettings().pluginsEnabled()).isTrue();
  }

  @Test
  void noPluginsRefusesThem() {
    assertThat(parse("--no-plugins").jobSettings().pluginsEnabled()).isFalse();
  }

  @Test
  void noCommandEvalOrNoLocalHooksRefuseThemToo() {
    assertThat(parse("--no-command-eval").jobSettings().pluginsEnabled()).isFalse();
    assertThat(parse("--no-local-hooks").jobSettings().pluginsEnabled()).isFalse();
  }
}
