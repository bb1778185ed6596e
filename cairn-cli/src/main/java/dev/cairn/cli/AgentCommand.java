package dev.cairn.cli;

import picocli.CommandLine.Command;

/** {@code cairn agent}: groups the agent's subcommands. */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    description = "Run a build agent.",
    subcommands = {
      AgentStartCommand.class,
      MetaDataCommand.class,
      ArtifactCommand.class,
      AgentPipelineCommand.class,
      AnnotateCommand.class,
      AnnotationCommand.class,
      OidcCommand.class,
      SecretCommand.class,
      StepCommand.class,
      EnvCommand.class,
      RedactorCommand.class,
      WorkdirCommand.class,
      LockCommand.class,
      AgentToolCommand.class
    })
final class AgentCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
