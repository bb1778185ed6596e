package dev.cairn.cli;

import picocli.CommandLine.Command;

/** {@code cairn}: the top-level command; it only groups the subcommands. */
@Command(
    name = "cairn",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Cairn: self-hosted, Buildkite-compatible CI/CD with durable builds.",
    subcommands = {
      RunCommand.class,
      ServerCommand.class,
      AgentCommand.class,
      BuildCommand.class,
      PipelineCommand.class
    })
final class CairnCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
