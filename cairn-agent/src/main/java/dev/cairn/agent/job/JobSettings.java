package dev.cairn.agent.job;

import dev.cairn.agent.log.Redactor;
import dev.cairn.agent.process.Signal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How the agent runs every job: where hooks and plugins live, what jobs may do, how they are
 * stopped and how secrets are found. Immutable.
 *
 * @param hooksPath the agent hooks directory, or null for none
 * @param pluginsPath where plugins are checked out, or null (then a job with plugins fails)
 * @param localHooks whether repository hooks ({@code .buildkite/hooks}) run
 * @param commandEval whether a step's command may be any shell text (otherwise only a script path)
 * @param pluginsEnabled whether plugins are allowed
 * @param redactedVars globs over variable names whose values are redacted from logs
 * @param agentCommand the command line that runs {@code cairn} (java, class path, main class), put
 *     on the job's PATH as {@code buildkite-agent}; empty for none
 * @param cancelSignal the signal a cancelled job's process group gets first
 * @param cancelGracePeriod the time a cancelled job has in all: post-command, artifact and pre-exit
 *     steps may still start until it has passed since the cancellation
 * @param pty whether hooks and the command run on a pseudo-terminal (the default), else on pipes
 *     ({@code --no-pty})
 */
public record JobSettings(
    Path hooksPath,
    Path pluginsPath,
    boolean localHooks,
    boolean commandEval,
    boolean pluginsEnabled,
    List<String> redactedVars,
    List<String> agentCommand,
    Signal cancelSignal,
    Duration cancelGracePeriod,
    boolean pty) {

  public static final JobSettings DEFAULTS =
      new JobSettings(
          null,
          null,
          true,
          true,
          true,
          Redactor.DEFAULT_PATTERNS,
          List.of(),
          Signal.SIGTERM,
          Duration.ofSeconds(10),
          true);

  public JobSettings {
    redactedVars = List.copyOf(redactedVars);
    agentCommand = List.copyOf(agentCommand);
  }

  /** Settings that run jobs on a pseudo-terminal, the default. */
  public JobSettings(
      Path hooksPath,
      Path pluginsPath,
      boolean localHooks,
      boolean commandEval,
      boolean pluginsEnabled,
      List<String> redactedVars,
      List<String> agentCommand,
      Signal cancelSignal,
      Duration cancelGracePeriod) {
    this(
        hooksPath,
        pluginsPath,
        localHooks,
        commandEval,
        pluginsEnabled,
        redactedVars,
        agentCommand,
        cancelSignal,
        cancelGracePeriod,
        true);
  }

  /** These settings with jobs on a pseudo-terminal ({@code true}) or on pipes. */
  public JobSettings withPty(boolean pty) {
    return new JobSettings(
        hooksPath,
        pluginsPath,
        localHooks,
        commandEval,
        pluginsEnabled,
        redactedVars,
        agentCommand,
        cancelSignal,
        cancelGracePeriod,
        pty);
  }
}
