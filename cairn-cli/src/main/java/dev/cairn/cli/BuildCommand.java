package dev.cairn.cli;

import picocli.CommandLine.Command;

/** {@code cairn build}: groups the commands about builds. */
@Command(
    name = "build",
    mixinStandardHelpOptions = true,
    description = "Inspect builds on a Cairn server.",
    subcommands = {BuildExplainCommand.class})
final class BuildCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
