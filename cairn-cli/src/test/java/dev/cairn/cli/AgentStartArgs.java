package dev.cairn.cli;

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
}
