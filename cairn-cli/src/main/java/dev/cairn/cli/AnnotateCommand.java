package dev.cairn.cli;

import dev.cairn.agent.command.AnnotateCommands;
import dev.cairn.agent.command.CommandException;
import dev.cairn.agent.command.CommandIo;
import dev.cairn.agent.command.JobScope;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn agent annotate [BODY]}: add or change an annotation of the build. */
@Command(
    name = "annotate",
    mixinStandardHelpOptions = true,
    description = "Annotate the build with BODY (Markdown), or with stdin.")
final class AnnotateCommand extends InJobCommand {
  @Parameters(index = "0", arity = "0..1", paramLabel = "BODY")
  String body;

  @Option(names = "--style", description = "success, info, warning or error.")
  String style;

  @Option(names = "--context", description = "Names the annotation; default 'default'.")
  String context;

  @Option(names = "--append", description = "Append to the annotation with the same context.")
  boolean append;

  @Option(names = "--priority", defaultValue = "3", description = "1 to 10; 10 shows first.")
  int priority;

  @Option(names = "--scope", description = "build (default) or job.")
  String scope;

  @Override
  int run(JobScope job, CommandIo io) throws CommandException, InterruptedException {
    return new AnnotateCommands(job, io)
        .annotate(body, new AnnotateCommands.Options(style, context, append, priority, scope));
  }
}
