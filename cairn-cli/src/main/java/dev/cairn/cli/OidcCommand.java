package dev.cairn.cli;

import dev.cairn.agent.command.CommandException;
import dev.cairn.agent.command.CommandIo;
import dev.cairn.agent.command.IdentityCommands;
import dev.cairn.agent.command.JobScope;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cairn agent oidc request-token}. */
@Command(
    name = "oidc",
    mixinStandardHelpOptions = true,
    description = "Request OIDC tokens for the job.",
    subcommands = {OidcCommand.RequestToken.class})
final class OidcCommand {
  private OidcCommand() {}

  @Command(name = "request-token", description = "Print a signed OIDC token for this job.")
  static final class RequestToken extends InJobCommand {
    @Option(names = "--audience", description = "The token's aud claim.")
    String audience;

    @Option(names = "--lifetime", defaultValue = "0", description = "Seconds; 0 = server default.")
    long lifetime;

    @Option(names = "--claim", split = ",", description = "Optional claims to include.")
    List<String> claims;

    @Option(names = "--subject-claim", description = "A claim to use as sub instead.")
    String subjectClaim;

    @Option(
        names = "--skip-redaction",
        defaultValue = "${env:BUILDKITE_AGENT_OIDC_REQUEST_TOKEN_SKIP_TOKEN_REDACTION:-false}",
        description = "Do not add the token to the job's redactions.")
    boolean skipRedaction;

    @Override
    int run(JobScope scope, CommandIo io) throws CommandException, InterruptedException {
      return new IdentityCommands(scope, io)
          .oidcToken(audience, lifetime, claims, subjectClaim, skipRedaction);
    }
  }
}
