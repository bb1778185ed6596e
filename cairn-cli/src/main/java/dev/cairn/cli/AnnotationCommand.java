package dev.cairn.cli;

import dev.cairn.agent.command.AnnotateCommands;
import dev.cairn.agent.command.CommandException;
import dev.cairn.agent.command.CommandIo;
import dev.cairn.agent.command.JobScope;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cairn agent annotation remove}. */
@Command(
    name = "annotation",
    mixinStandardHelpOptions = true,
    description = "Manage the build's annotations from inside a job.",
    subcommands = {AnnotationCommand.Remove.class})
final class AnnotationCommand {
  private AnnotationCommand() {}

  @Command(name = "remove", description = "Remove the annotation with --context.")
  static final class Remove extends InJobCommand {
    @Option(names = "--context", description = "The annotation's context; default 'default'.")
    String context;

    @Option(names = "--scope", description = "build (default) or job.")
    String scope;

    @Override
    int run(JobScope job, CommandIo io) throws CommandException, InterruptedException {
      return new AnnotateCommands(job, io).remove(context, scope);
    }
  }
}
