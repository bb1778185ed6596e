package dev.cairn.cli;

import dev.cairn.agent.command.CommandException;
import dev.cairn.agent.command.CommandIo;
import dev.cairn.agent.command.IdentityCommands;
import dev.cairn.agent.command.JobScope;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn agent step get|update}. */
@Command(
    name = "step",
    mixinStandardHelpOptions = true,
    description = "Read and change steps of the build from inside a job.",
    subcommands = {StepCommand.Get.class, StepCommand.Update.class})
final class StepCommand {
  private StepCommand() {}

  @Command(name = "get", description = "Print ATTRIBUTE of a step (or the whole step).")
  static final class Get extends InJobCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "ATTRIBUTE")
    String attribute;

    @Option(names = "--step", description = "Step key or id; default this job's step.")
    String step;

    @Option(names = "--build", description = "Build id; default this job's build.")
    String build;

    @Option(names = "--format", description = "json to print the value as JSON.")
    String format;

    @Override
    int run(JobScope scope, CommandIo io) throws CommandException, InterruptedException {
      return new IdentityCommands(scope, io).stepGet(attribute, step, build, format);
    }
  }

  @Command(name = "update", description = "Set ATTRIBUTE of a step to VALUE (or to stdin).")
  static final class Update extends InJobCommand {
    @Parameters(index = "0", paramLabel = "ATTRIBUTE")
    String attribute;

    @Parameters(index = "1", arity = "0..1", paramLabel = "VALUE")
    String value;

    @Option(names = "--append", description = "Append VALUE to the attribute.")
    boolean append;

    @Option(names = "--step", description = "Step key or id; default this job's step.")
    String step;

    @Option(names = "--build", description = "Build id; default this job's build.")
    String build;

    @Override
    int run(JobScope scope, CommandIo io) throws CommandException, InterruptedException {
      return new IdentityCommands(scope, io).stepUpdate(attribute, value, append, step, build);
    }
  }
}
