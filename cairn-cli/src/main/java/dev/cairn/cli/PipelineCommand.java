package dev.cairn.cli;

import picocli.CommandLine.Command;

/** {@code cairn pipeline}: groups the offline pipeline tools, {@code lint} and {@code expand}. */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    description = "Check and preview Buildkite-format pipeline files without a server.",
    subcommands = {PipelineLintCommand.class, PipelineExpandCommand.class})
final class PipelineCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
