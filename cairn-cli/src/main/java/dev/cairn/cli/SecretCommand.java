package dev.cairn.cli;

import dev.cairn.agent.command.CommandException;
import dev.cairn.agent.command.CommandIo;
import dev.cairn.agent.command.IdentityCommands;
import dev.cairn.agent.command.JobScope;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn agent secret get KEY…}. */
@Command(
    name = "secret",
    mixinStandardHelpOptions = true,
    description = "Read the pipeline's secrets from inside a job.",
    subcommands = {SecretCommand.Get.class})
final class SecretCommand {
  private SecretCommand() {}

  @Command(name = "get", description = "Print the value of each KEY.")
  static final class Get extends InJobCommand {
    @Parameters(arity = "1..*", paramLabel = "KEY")
    List<String> keys;

    @Option(names = "--format", defaultValue = "default", description = "default or env.")
    String format;

    @Option(
        names = "--skip-redaction",
        defaultValue = "${env:BUILDKITE_AGENT_SECRET_GET_SKIP_SECRET_REDACTION:-false}",
        description = "Do not add the secrets to the job's redactions.")
    boolean skipRedaction;

    @Override
    int run(JobScope scope, CommandIo io) throws CommandException, InterruptedException {
      return new IdentityCommands(scope, io).secrets(keys, format, skipRedaction);
    }
  }
}
