package dev.cairn.agent.job;

import dev.cairn.agent.log.Redactor;
import dev.cairn.agent.process.Signal;
import dev.cairn.agent.signing.Verification;
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
 * @param socketsPath where the agent's sockets live ({@code --sockets-path}): each job's API socket
 *     under {@code job-api/}, the host's lock files under {@code locks/}; null means {@link
 *     #defaultSocketsPath()}, the official agent's default
 * @param pluginsAlwaysCloneFresh whether every job clones its plugins anew instead of reusing an
 *     earlier job's checkout ({@code --plugins-always-clone-fresh})
 * @param pluginValidation whether a plugin's configuration is checked against its {@code
 *     plugin.yml} before its hooks run (off unless {@code --no-plugin-validation=false}, as in the
 *     official agent)
 * @param zipPlugins whether plugins may come from zip archives ({@code zip+https://…}), the
 *     official agent's {@code zip-plugins} experiment
 * @param pty whether hooks and the command run on a pseudo-terminal (the default), else on pipes
 *     ({@code --no-pty})
 * @param verification the keys jobs' signatures are checked against and what a failed check does
 *     ({@code --verification-jwks-file}, {@code --verification-failure-behavior})
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
    Path socketsPath,
    boolean pluginsAlwaysCloneFresh,
    boolean pluginValidation,
    boolean zipPlugins,
    boolean pty,
    Verification verification) {

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
          null,
          false,
          false,
          false,
          true);

  /** Settings without job verification keys. */
  public JobSettings(
      Path hooksPath,
      Path pluginsPath,
      boolean localHooks,
      boolean commandEval,
      boolean pluginsEnabled,
      List<String> redactedVars,
      List<String> agentCommand,
      Signal cancelSignal,
      Duration cancelGracePeriod,
      Path socketsPath,
      boolean pluginsAlwaysCloneFresh,
      boolean pluginValidation,
      boolean zipPlugins,
      boolean pty) {
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
        socketsPath,
        pluginsAlwaysCloneFresh,
        pluginValidation,
        zipPlugins,
        pty,
        Verification.NONE);
  }

  public JobSettings {
    verification = verification == null ? Verification.NONE : verification;
    redactedVars = List.copyOf(redactedVars);
    agentCommand = List.copyOf(agentCommand);
    socketsPath =
        socketsPath == null ? defaultSocketsPath() : socketsPath.toAbsolutePath().normalize();
  }

  /** {@code ~/.buildkite-agent/sockets}, where the official agent keeps its sockets by default. */
  public static Path defaultSocketsPath() {
    return Path.of(System.getProperty("user.home"), ".buildkite-agent", "sockets");
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
        socketsPath,
        pluginsAlwaysCloneFresh,
        pluginValidation,
        zipPlugins,
        pty,
        verification);
  }

  /** These settings with {@code verification} for jobs' signatures. */
  public JobSettings withVerification(Verification verification) {
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
        socketsPath,
        pluginsAlwaysCloneFresh,
        pluginValidation,
        zipPlugins,
        pty,
        verification);
  }
}
