package dev.cairn.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;

/** Parses {@code cairn agent start FLAGS…} as the real command line does, without running it. */
final class AgentStartArgs {
  private AgentStartArgs() {}

  static AgentStartCommand parse(String... flags) {
    CommandLine cli = Main.commandLine();
    CommandLine start = cli.getSubcommands().get("agent").getSubcommands().get("start");
    String[] args = new String[flags.length + 2];
    args[0] = "agent";
    args[1] = "start";
    System.arraycopy(flags, 0, args, 2, flags.length);
    cli.parseArgs(args);
    return (AgentStartCommand) start.getCommand();
  }

  /**
   * {@code cairn agent start --config FILE} with the file's settings applied as the command applies
   * them (flags and environment first, the file for what they leave unset).
   */
  static AgentStartCommand parseWithConfigFile(Path file) throws IOException {
    AgentStartCommand start = parse("--config", file.toString());
    AgentSettingSources.applyFile(
        start.spec,
        start.spec.commandLine().getParseResult(),
        Map.of(),
        AgentConfigFile.load(file),
        new AgentStartCommand());
    return start;
  }
}
