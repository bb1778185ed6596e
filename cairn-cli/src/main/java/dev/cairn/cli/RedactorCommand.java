package dev.cairn.cli;

import dev.cairn.agent.command.CommandException;
import dev.cairn.agent.command.CommandIo;
import dev.cairn.agent.command.JobApiCommands;
import dev.cairn.agent.command.JobScope;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn agent redactor add}: hide more values from the job's log (job API). */
@Command(
    name = "redactor",
    mixinStandardHelpOptions = true,
    description = "Add values to the job log's redactor from inside a job.",
    subcommands = {RedactorCommand.Add.class})
final class RedactorCommand {
  private RedactorCommand() {}

  @Command(name = "add", description = "Redact the value(s) in FILE (or stdin) from now on.")
  static final class Add extends InJobCommand {
    @Parameters(arity = "0..1", paramLabel = "FILE")
    String file;

    @Option(
        names = "--format",
        defaultValue = "${env:BUILDKITE_AGENT_REDACTOR_ADD_FORMAT:-none}",
        description = "none (the whole input), json (an object's values) or env (KEY=VALUE lines).")
    String format;

    @Override
    boolean needsJob() {
      return false;
    }

    @Override
    int run(JobScope scope, CommandIo io) throws CommandException, InterruptedException {
      return new JobApiCommands(io).redactorAdd(file, format);
    }
  }
}
