package dev.cairn.cli;

import dev.cairn.agent.command.CommandException;
import dev.cairn.agent.command.CommandIo;
import dev.cairn.agent.command.JobApiCommands;
import dev.cairn.agent.command.JobScope;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cairn agent env get|set|unset}: the running job's environment, through the job API socket;
 * changes reach the hooks and command that start later.
 */
@Command(
    name = "env",
    mixinStandardHelpOptions = true,
    description = "Read and change the job's environment from inside a job (job API).",
    subcommands = {EnvCommand.Get.class, EnvCommand.Set.class, EnvCommand.Unset.class})
final class EnvCommand {
  private EnvCommand() {}

  @Command(name = "get", description = "Print variables (all, or those named).")
  static final class Get extends InJobCommand {
    @Parameters(arity = "0..*", paramLabel = "NAME")
    List<String> names = new ArrayList<>();

    @Option(
        names = "--format",
        defaultValue = "${env:BUILDKITE_AGENT_ENV_GET_FORMAT:-plain}",
        description = "plain, json or json-pretty.")
    String format;

    @Override
    boolean needsJob() {
      return false;
    }

    @Override
    int run(JobScope scope, CommandIo io) throws CommandException, InterruptedException {
      return new JobApiCommands(io).envGet(names, format);
    }
  }

  @Command(name = "set", description = "Set KEY=VALUE pairs (- reads them from stdin).")
  static final class Set extends InJobCommand {
    @Parameters(arity = "0..*", paramLabel = "KEY=VALUE")
    List<String> pairs = new ArrayList<>();

    @Option(
        names = "--input-format",
        defaultValue = "${env:BUILDKITE_AGENT_ENV_SET_INPUT_FORMAT:-plain}",
        description = "plain or json.")
    String inputFormat;

    @Option(
        names = "--output-format",
        defaultValue = "${env:BUILDKITE_AGENT_ENV_SET_OUTPUT_FORMAT:-plain}",
        description = "quiet, plain, json or json-pretty.")
    String outputFormat;

    @Override
    boolean needsJob() {
      return false;
    }

    @Override
    int run(JobScope scope, CommandIo io) throws CommandException, InterruptedException {
      return new JobApiCommands(io).envSet(pairs, inputFormat, outputFormat);
    }
  }

  @Command(name = "unset", description = "Remove variables (- reads names from stdin).")
  static final class Unset extends InJobCommand {
    @Parameters(arity = "0..*", paramLabel = "NAME")
    List<String> names = new ArrayList<>();

    @Option(
        names = "--output-format",
        defaultValue = "${env:BUILDKITE_AGENT_ENV_UNSET_OUTPUT_FORMAT:-plain}",
        description = "quiet, plain, json or json-pretty.")
    String outputFormat;

    @Override
    boolean needsJob() {
      return false;
    }

    @Override
    int run(JobScope scope, CommandIo io) throws CommandException, InterruptedException {
      return new JobApiCommands(io).envUnset(names, outputFormat);
    }
  }
}
