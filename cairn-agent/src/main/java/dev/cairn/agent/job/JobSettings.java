package dev.cairn.agent.job;

import dev.cairn.agent.log.LogTimestamps;
import dev.cairn.agent.log.Redactor;
import dev.cairn.agent.process.Signal;
import dev.cairn.agent.signing.Verification;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

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
 * @param sshKeyscan whether the host of an SSH repository (the job's, a plugin's) is added to
 *     {@code ~/.ssh/known_hosts} with {@code ssh-keyscan} before it is cloned, if it is not there
 *     yet (on unless {@code --no-ssh-keyscan}, as in the official agent)
 * @param ptyRaw whether the pseudo-terminal is in raw mode, so {@code \n} is logged as written
 *     rather than as {@code \r\n} (the official agent's {@code pty-raw} experiment)
 * @param jobLogTmpfile whether each job's log is also written to a temporary file named by {@code
 *     BUILDKITE_JOB_LOG_TMPFILE}, removed when the job ends ({@code --enable-job-log-tmpfile})
 * @param jobLogPath the directory of those files ({@code --job-log-path}); null means the system's
 *     temporary directory
 * @param checkout how the built-in checkout runs git ({@code --git-*-flags}, {@code
 *     --no-git-submodules}) and whether jobs skip it ({@code --skip-checkout})
 * @param allowlist the repositories, plugins and variables this agent runs jobs with ({@code
 *     --allowed-repositories}, {@code --allowed-plugins}, {@code --allowed-environment-variables})
 * @param shell the command line that runs a step's command, which is appended to it ({@code
 *     --shell}, {@code BUILDKITE_SHELL}; the official default {@value #DEFAULT_SHELL})
 * @param ansiTimestamps whether each log line starts with the official agent's ANSI timestamp (off
 *     with {@code --no-ansi-timestamps})
 * @param timestampLines whether each log line but headers starts with {@code [<RFC 3339 time>] }
 *     ({@code --timestamp-lines}); as in the official agent, only without ANSI timestamps
 * @param jobLogsToStdout whether every job's log is also written to the agent's standard output
 *     ({@code --write-job-logs-to-stdout})
 * @param verification the keys jobs' signatures are checked against and what a failed check does
 *     ({@code --verification-jwks-file}, {@code --verification-failure-behavior})
 * @param additionalHooksPaths more agent hooks directories ({@code --additional-hooks-paths}):
 *     their hooks run after the hooks path's, for every agent hook
 * @param strictSingleHooks whether only the first plugin's {@code checkout} and {@code command}
 *     hooks run ({@code --strict-single-hooks}); without it every plugin's runs, as in the official
 *     agent, with a warning for each after the first
 * @param http2 whether artifact transfers may use HTTP/2 (off with {@code --no-http2}); jobs and
 *     the pre-bootstrap hook see it as {@code BUILDKITE_NO_HTTP2}
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
    boolean sshKeyscan,
    boolean ptyRaw,
    boolean jobLogTmpfile,
    Path jobLogPath,
    CheckoutSettings checkout,
    JobAllowlist allowlist,
    String shell,
    boolean ansiTimestamps,
    boolean timestampLines,
    boolean jobLogsToStdout,
    Verification verification,
    List<Path> additionalHooksPaths,
    boolean strictSingleHooks,
    boolean http2) {
  /** The official agent's shell on Linux. */
  public static final String DEFAULT_SHELL = "/bin/bash -e -c";

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

  public JobSettings {
    verification = verification == null ? Verification.NONE : verification;
    redactedVars = List.copyOf(redactedVars);
    agentCommand = List.copyOf(agentCommand);
    socketsPath =
        socketsPath == null ? defaultSocketsPath() : socketsPath.toAbsolutePath().normalize();
    jobLogPath = jobLogPath == null ? null : jobLogPath.toAbsolutePath().normalize();
    checkout = checkout == null ? CheckoutSettings.DEFAULTS : checkout;
    allowlist = allowlist == null ? JobAllowlist.NONE : allowlist;
    shell = shell == null || shell.isBlank() ? DEFAULT_SHELL : shell.strip();
    additionalHooksPaths =
        additionalHooksPaths == null
            ? List.of()
            : additionalHooksPaths.stream().map(p -> p.toAbsolutePath().normalize()).toList();
  }

  /**
   * Settings with the official agent's defaults for the rest: ssh-keyscan on, a cooked terminal, no
   * job log file, git's default flags.
   */
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
        true,
        false,
        false,
        null,
        CheckoutSettings.DEFAULTS,
        JobAllowlist.NONE,
        DEFAULT_SHELL,
        true,
        false,
        false,
        Verification.NONE,
        List.of(),
        false,
        true);
  }

  /** {@code ~/.buildkite-agent/sockets}, where the official agent keeps its sockets by default. */
  public static Path defaultSocketsPath() {
    return Path.of(System.getProperty("user.home"), ".buildkite-agent", "sockets");
  }

  /** These settings with jobs on a pseudo-terminal ({@code true}) or on pipes. */
  public JobSettings withPty(boolean pty) {
    return edit(e -> e.pty = pty);
  }

  /** These settings with ssh-keyscan before clones on ({@code true}) or off. */
  public JobSettings withSshKeyscan(boolean sshKeyscan) {
    return edit(e -> e.sshKeyscan = sshKeyscan);
  }

  /** These settings with the pseudo-terminal in raw mode ({@code true}) or cooked. */
  public JobSettings withPtyRaw(boolean ptyRaw) {
    return edit(e -> e.ptyRaw = ptyRaw);
  }

  /**
   * These settings with each job's log also in a temporary file in {@code directory} (null: the
   * system's temporary directory).
   */
  public JobSettings withJobLogTmpfile(Path directory) {
    return edit(e -> {
      e.jobLogTmpfile = true;
      e.jobLogPath = directory;
    });
  }

  /** These settings with the built-in checkout run as {@code checkout} says. */
  public JobSettings withCheckout(CheckoutSettings checkout) {
    return edit(e -> e.checkout = checkout);
  }

  /** These settings allowing only the repositories and plugins {@code allowlist} names. */
  public JobSettings withAllowlist(JobAllowlist allowlist) {
    return edit(e -> e.allowlist = allowlist);
  }

  /** These settings running commands with {@code shell} (null: the default). */
  public JobSettings withShell(String shell) {
    return edit(e -> e.shell = shell);
  }

  /** These settings with ANSI timestamps on or off, and the logs also on stdout or not. */
  public JobSettings withLogOutput(boolean ansiTimestamps, boolean jobLogsToStdout) {
    return edit(e -> {
      e.ansiTimestamps = ansiTimestamps;
      e.jobLogsToStdout = jobLogsToStdout;
    });
  }

  /** These settings with lines prefixed by their time ({@code true}) or not. */
  public JobSettings withTimestampLines(boolean timestampLines) {
    return edit(e -> e.timestampLines = timestampLines);
  }

  /**
   * How log lines are stamped: ANSI timestamps win over {@code --timestamp-lines}, which the
   * official agent documents as having "no effect unless --no-ansi-timestamps is also used".
   */
  public LogTimestamps logTimestamps() {
    if (ansiTimestamps) {
      return LogTimestamps.ANSI;
    }
    return timestampLines ? LogTimestamps.LINE_PREFIX : LogTimestamps.NONE;
  }

  /** These settings with {@code verification} for jobs' signatures. */
  public JobSettings withVerification(Verification verification) {
    return edit(e -> e.verification = verification);
  }

  /** These settings with agent hooks from {@code hooksPath} (null: none). */
  public JobSettings withHooksPath(Path hooksPath) {
    return edit(e -> e.hooksPath = hooksPath);
  }

  /** These settings with {@code paths} as the additional agent hooks directories. */
  public JobSettings withAdditionalHooksPaths(List<Path> paths) {
    return edit(e -> e.additionalHooksPaths = paths);
  }

  /** These settings with only one plugin checkout and command hook ({@code true}) or every one. */
  public JobSettings withStrictSingleHooks(boolean strictSingleHooks) {
    return edit(e -> e.strictSingleHooks = strictSingleHooks);
  }

  /** These settings with artifact transfers over HTTP/2 allowed ({@code true}) or HTTP/1.1 only. */
  public JobSettings withHttp2(boolean http2) {
    return edit(e -> e.http2 = http2);
  }

  /** Every agent hooks directory: the hooks path (if set), then the additional ones. */
  public List<Path> agentHooksPaths() {
    List<Path> all = new java.util.ArrayList<>();
    if (hooksPath != null) {
      all.add(hooksPath);
    }
    all.addAll(additionalHooksPaths);
    return List.copyOf(all);
  }

  /** A copy of these settings with what {@code change} sets on it. */
  private JobSettings edit(Consumer<Edit> change) {
    Edit edit = new Edit(this);
    change.accept(edit);
    return edit.build();
  }

  /**
   * The settings the withers change, copied from one instance and changed in place; {@link #build}
   * makes the new instance, so the long constructor is called in one place only.
   */
  private static final class Edit {
    private final JobSettings from;
    Path hooksPath;
    boolean pty;
    boolean sshKeyscan;
    boolean ptyRaw;
    boolean jobLogTmpfile;
    Path jobLogPath;
    CheckoutSettings checkout;
    JobAllowlist allowlist;
    String shell;
    boolean ansiTimestamps;
    boolean timestampLines;
    boolean jobLogsToStdout;
    Verification verification;
    List<Path> additionalHooksPaths;
    boolean strictSingleHooks;
    boolean http2;

    Edit(JobSettings from) {
      this.from = from;
      hooksPath = from.hooksPath;
      pty = from.pty;
      sshKeyscan = from.sshKeyscan;
      ptyRaw = from.ptyRaw;
      jobLogTmpfile = from.jobLogTmpfile;
      jobLogPath = from.jobLogPath;
      checkout = from.checkout;
      allowlist = from.allowlist;
      shell = from.shell;
      ansiTimestamps = from.ansiTimestamps;
      timestampLines = from.timestampLines;
      jobLogsToStdout = from.jobLogsToStdout;
      verification = from.verification;
      additionalHooksPaths = from.additionalHooksPaths;
      strictSingleHooks = from.strictSingleHooks;
      http2 = from.http2;
    }

    JobSettings build() {
      return new JobSettings(
          hooksPath,
          from.pluginsPath,
          from.localHooks,
          from.commandEval,
          from.pluginsEnabled,
          from.redactedVars,
          from.agentCommand,
          from.cancelSignal,
          from.cancelGracePeriod,
          from.socketsPath,
          from.pluginsAlwaysCloneFresh,
          from.pluginValidation,
          from.zipPlugins,
          pty,
          sshKeyscan,
          ptyRaw,
          jobLogTmpfile,
          jobLogPath,
          checkout,
          allowlist,
          shell,
          ansiTimestamps,
          timestampLines,
          jobLogsToStdout,
          verification,
          additionalHooksPaths,
          strictSingleHooks,
          http2);
    }
  }
}
