package dev.cairn.cli;

import dev.cairn.agent.command.CommandException;
import dev.cairn.agent.command.CommandIo;
import dev.cairn.agent.command.JobScope;
import java.util.concurrent.Callable;

/**
 * The shared shape of the in-job subcommands ({@code cairn agent meta-data …}, also run as {@code
 * buildkite-agent …} inside jobs): read the job scope from the environment, run, and turn a {@link
 * CommandException} into its message on stderr and its exit status.
 */
abstract class InJobCommand implements Callable<Integer> {
  /** The command's work, given the job it acts for and its streams. */
  abstract int run(JobScope scope, CommandIo io) throws CommandException, InterruptedException;

  /** Whether the command can run without a job (such as a dry run). */
  boolean needsJob() {
    return true;
  }

  @Override
  public Integer call() throws InterruptedException {
    CommandIo io = CommandIo.system();
    try {
      JobScope scope = needsJob() ? JobScope.from(io.env()) : scopeIfAny(io);
      return run(scope, io);
    } catch (CommandException e) {
      io.err().println("buildkite-agent: " + e.getMessage());
      return e.exitStatus();
    }
  }

  private static JobScope scopeIfAny(CommandIo io) {
    try {
      return JobScope.from(io.env());
    } catch (CommandException e) {
      return null;
    }
  }
}
