package dev.cairn.cli;

import dev.cairn.agent.command.CommandException;
import dev.cairn.agent.command.CommandIo;
import dev.cairn.agent.command.JobScope;
import dev.cairn.agent.command.PipelineUploadCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn agent pipeline upload}: add steps to the running build. */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    description = "Upload pipeline steps from inside a job.",
    subcommands = {AgentPipelineCommand.Upload.class})
final class AgentPipelineCommand {
  private AgentPipelineCommand() {}

  @Command(name = "upload", description = "Upload FILE (or stdin, or the default pipeline file).")
  static final class Upload extends InJobCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE")
    String file;

    @Option(names = "--no-interpolation", description = "Send the file without interpolating it.")
    boolean noInterpolation;

    @Option(names = "--dry-run", description = "Print the JSON that would be uploaded.")
    boolean dryRun;

    @Option(names = "--replace", description = "Replace the rest of the build's steps.")
    boolean replace;

    @Option(
        names = "--reject-secrets",
        description = "Refuse to upload a pipeline containing a redacted variable's value.")
    boolean rejectSecrets;

    @Option(
        names = {"--jwks-file", "--signing-jwks-file"},
        defaultValue = "${env:BUILDKITE_AGENT_JWKS_FILE}",
        description =
            "Sign every command step with a key of this JWKS file (env BUILDKITE_AGENT_JWKS_FILE).")
    String jwksFile;

    @Option(
        names = {"--jwks-key-id", "--signing-jwks-key-id"},
        defaultValue = "${env:BUILDKITE_AGENT_JWKS_KEY_ID}",
        description =
            "The id of the signing key in --jwks-file; not needed when the file holds one key (env"
                + " BUILDKITE_AGENT_JWKS_KEY_ID).")
    String jwksKeyId;

    @Override
    boolean needsJob() {
      return !dryRun;
    }

    @Override
    int run(JobScope scope, CommandIo io) throws CommandException, InterruptedException {
      return new PipelineUploadCommand(io)
          .upload(
              scope,
              new PipelineUploadCommand.Options(
                  file, !noInterpolation, dryRun, replace, rejectSecrets, jwksFile, jwksKeyId));
    }
  }
}
