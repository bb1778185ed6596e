package dev.cairn.cli;

import dev.cairn.agent.command.CommandException;
import dev.cairn.agent.command.CommandIo;
import dev.cairn.agent.command.JobApiCommands;
import dev.cairn.agent.command.JobScope;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cairn agent workdir set}: where the job's later hooks and command run (job API). */
@Command(
    name = "workdir",
    mixinStandardHelpOptions = true,
    description = "Change the job's working directory from inside a hook.",
    subcommands = {WorkdirCommand.Set.class})
final class WorkdirCommand {
  private WorkdirCommand() {}

  @Command(
      name = "set",
      description =
          "Later hooks and the command start in PATH (relative to here), once this hook exits.")
  static final class Set extends InJobCommand {
    @Parameters(index = "0", paramLabel = "PATH")
    String path;

    @Override
    boolean needsJob() {
      return false;
    }

    @Override
    int run(JobScope scope, CommandIo io) throws CommandException, InterruptedException {
      return new JobApiCommands(io).workdirSet(path);
    }
  }
}
