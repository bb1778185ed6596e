package dev.cairn.cli;

import dev.cairn.agent.Agent;
import dev.cairn.agent.AgentConfig;
import dev.cairn.agent.job.CheckoutSettings;
import dev.cairn.agent.job.JobAllowlist;
import dev.cairn.agent.job.JobSettings;
import dev.cairn.agent.log.Redactor;
import dev.cairn.agent.process.Signal;
import dev.cairn.agent.signing.Verification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cairn agent start}: registers with a server and runs jobs until stopped. Flag names and
 * {@code BUILDKITE_AGENT_*} environment names are those of the official agent, and so is the
 * configuration file ({@code --config}, {@link AgentConfigFile}); a flag beats its variable, which
 * beats the file ({@link AgentSettingSources}). Every option's default names its variable as {@code
 * ${env:NAME…}}. Signals are those of the official agent too ({@link AgentSignals}): SIGTERM or
 * SIGINT once stops gracefully (the running job finishes, then the agent disconnects and exits),
 * twice cancels running jobs. With {@code --acquire-job} the agent runs that one job and exits: 0,
 * or with {@code --reflect-exit-status} the job's exit status; 1 if the job could not be acquired.
 * The agent's own hooks ({@code agent-startup}, {@code agent-shutdown}, {@code pre-bootstrap}) come
 * from {@code --hooks-path} and {@code --additional-hooks-paths}; a failing {@code agent-startup}
 * hook ends the agent with exit status 1, as the official agent's does.
 */
@Command(
    name = "start",
    mixinStandardHelpOptions = true,
    description = "Register with a Cairn (or Buildkite-compatible) server and run jobs.")
final class AgentStartCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(AgentStartCommand.class);
  private static final String DESCENDING_SPAWN_PRIORITY = "descending-spawn-priority";
  private static final String ZIP_PLUGINS = "zip-plugins";
  private static final String PTY_RAW = "pty-raw";
  private static final Set<String> KNOWN_EXPERIMENTS =
      Set.of(DESCENDING_SPAWN_PRIORITY, ZIP_PLUGINS, PTY_RAW);

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      defaultValue = "${env:BUILDKITE_AGENT_CONFIG}",
      description =
          "Configuration file, key=\"value\" a line (env BUILDKITE_AGENT_CONFIG; default the"
              + " official agent's: ~/.buildkite-agent/buildkite-agent.cfg,"
              + " /usr/local/etc/buildkite-agent/buildkite-agent.cfg,"
              + " /etc/buildkite-agent/buildkite-agent.cfg, the first that exists).")
  Path configPath;

  @Option(
      names = "--endpoint",
      defaultValue = "${env:BUILDKITE_AGENT_ENDPOINT:-http://127.0.0.1:8080/v3}",
      description = "Agent API base URL (env BUILDKITE_AGENT_ENDPOINT; default ${DEFAULT-VALUE}).")
  URI endpoint;

  @Option(
      names = "--token",
      defaultValue = "${env:BUILDKITE_AGENT_TOKEN}",
      description = "Registration token (env BUILDKITE_AGENT_TOKEN).")
  String token;

  @Option(
      names = "--name",
      defaultValue = "${env:BUILDKITE_AGENT_NAME:-%hostname-%spawn}",
      description = "Agent name; %%hostname and %%spawn are replaced (env BUILDKITE_AGENT_NAME).")
  String name;

  @Option(
      names = "--priority",
      defaultValue = "${env:BUILDKITE_AGENT_PRIORITY}",
      description =
          "A whole number; agents of higher priority are handed work first (env"
              + " BUILDKITE_AGENT_PRIORITY).")
  Integer priority;

  @Option(
      names = "--acquire-job",
      defaultValue = "${env:BUILDKITE_AGENT_ACQUIRE_JOB}",
      description = "Acquire and run only this job, then exit (env BUILDKITE_AGENT_ACQUIRE_JOB).")
  String acquireJob;

  @Option(
      names = "--reflect-exit-status",
      defaultValue = "${env:BUILDKITE_AGENT_REFLECT_EXIT_STATUS:-false}",
      description =
          "With --acquire-job, exit with the job's exit status (env"
              + " BUILDKITE_AGENT_REFLECT_EXIT_STATUS).")
  boolean reflectExitStatus;

  @Option(
      names = "--disconnect-after-job",
      defaultValue = "${env:BUILDKITE_AGENT_DISCONNECT_AFTER_JOB:-false}",
      description =
          "Each agent runs exactly one job, then disconnects (env"
              + " BUILDKITE_AGENT_DISCONNECT_AFTER_JOB).")
  boolean disconnectAfterJob;

  @Option(
      names = "--disconnect-after-idle-timeout",
      defaultValue = "${env:BUILDKITE_AGENT_DISCONNECT_AFTER_IDLE_TIMEOUT:-0}",
      description =
          "Seconds all agents may wait for work before the process disconnects; 0 means never"
              + " (env BUILDKITE_AGENT_DISCONNECT_AFTER_IDLE_TIMEOUT; default ${DEFAULT-VALUE}).")
  int disconnectAfterIdleTimeout;

  @Option(
      names = "--tags",
      split = ",",
      defaultValue = "${env:BUILDKITE_AGENT_TAGS}",
      description = "Tags as key=value, comma separated (env BUILDKITE_AGENT_TAGS).")
  List<String> tags;

  @Option(
      names = "--queue",
      defaultValue = "${env:BUILDKITE_AGENT_QUEUE}",
      description = "Queue to serve, the same as the tag queue=NAME (env BUILDKITE_AGENT_QUEUE).")
  String queue;

  @Option(
      names = "--spawn",
      defaultValue = "${env:BUILDKITE_AGENT_SPAWN:-1}",
      description =
          "Number of agents to run in this process (env BUILDKITE_AGENT_SPAWN; default ${DEFAULT-VALUE}).")
  int spawn;

  @Option(
      names = "--build-path",
      defaultValue = "${env:BUILDKITE_BUILD_PATH}",
      description = "Where checkouts are made (env BUILDKITE_BUILD_PATH; default ~/.cairn/builds).")
  Path buildPath;

  @Option(
      names = "--hooks-path",
      defaultValue = "${env:BUILDKITE_HOOKS_PATH}",
      description = "Directory of agent hooks (env BUILDKITE_HOOKS_PATH).")
  Path hooksPath;

  @Option(
      names = "--additional-hooks-paths",
      split = ",",
      defaultValue = "${env:BUILDKITE_ADDITIONAL_HOOKS_PATHS}",
      description =
          "More directories of agent hooks, comma separated; their hooks run after those of"
              + " --hooks-path, in the order given (env BUILDKITE_ADDITIONAL_HOOKS_PATHS).")
  List<Path> additionalHooksPaths;

  @Option(
      names = "--plugins-path",
      defaultValue = "${env:BUILDKITE_PLUGINS_PATH}",
      description = "Where plugins are checked out (env BUILDKITE_PLUGINS_PATH).")
  Path pluginsPath;

  @Option(
      names = "--no-plugins",
      defaultValue = "${env:BUILDKITE_NO_PLUGINS}",
      description =
          "Refuse jobs' plugins (env BUILDKITE_NO_PLUGINS). Unless given, --no-command-eval and"
              + " --no-local-hooks refuse them too, as plugin hooks are arbitrary code.")
  Boolean noPlugins;

  @Option(
      names = "--no-pty",
      defaultValue = "${env:BUILDKITE_NO_PTY:-false}",
      description =
          "Run hooks and commands on pipes instead of a pseudo-terminal (env"
              + " BUILDKITE_NO_PTY): stdout and stderr still merged, but the job sees no terminal.")
  boolean noPty;

  @Option(
      names = "--no-local-hooks",
      defaultValue = "${env:BUILDKITE_NO_LOCAL_HOOKS:-false}",
      description =
          "Do not run repository hooks from .buildkite/hooks (env BUILDKITE_NO_LOCAL_HOOKS).")
  boolean noLocalHooks;

  @Option(
      names = "--no-command-eval",
      defaultValue = "${env:BUILDKITE_NO_COMMAND_EVAL:-false}",
      description =
          "Run only scripts from the checkout, never arbitrary commands (env BUILDKITE_NO_COMMAND_EVAL).")
  boolean noCommandEval;

  @Option(
      names = "--redacted-vars",
      split = ",",
      defaultValue = "${env:BUILDKITE_REDACTED_VARS}",
      description =
          "Globs of variable names whose values are redacted from logs (env BUILDKITE_REDACTED_VARS).")
  List<String> redactedVars;

  @Option(
      names = "--cancel-grace-period",
      defaultValue = "${env:BUILDKITE_CANCEL_GRACE_PERIOD:-10}",
      description =
          "Seconds a cancelled job has in all (env BUILDKITE_CANCEL_GRACE_PERIOD; default ${DEFAULT-VALUE}).")
  int cancelGracePeriod;

  @Option(
      names = "--signal-grace-period-seconds",
      defaultValue = "${env:BUILDKITE_SIGNAL_GRACE_PERIOD_SECONDS:--1}",
      description =
          "Seconds between the cancel signal and SIGKILL; negative counts back from the cancel grace"
              + " period (env BUILDKITE_SIGNAL_GRACE_PERIOD_SECONDS; default ${DEFAULT-VALUE}).")
  int signalGracePeriodSeconds;

  @Option(
      names = "--cancel-signal",
      defaultValue = "${env:BUILDKITE_CANCEL_SIGNAL:-SIGTERM}",
      description =
          "The signal a cancelled job gets first (env BUILDKITE_CANCEL_SIGNAL; default ${DEFAULT-VALUE}).")
  String cancelSignal;

  @Option(
      names = "--strict-single-hooks",
      defaultValue = "${env:BUILDKITE_STRICT_SINGLE_HOOKS:-false}",
      description =
          "Run only the first plugin's checkout hook and the first plugin's command hook; the"
              + " others are skipped with a warning (env BUILDKITE_STRICT_SINGLE_HOOKS). Without"
              + " it they all run, as in the official agent.")
  boolean strictSingleHooks;

  @Option(
      names = "--no-http2",
      defaultValue = "${env:BUILDKITE_NO_HTTP2:-false}",
      description =
          "Artifact uploads and downloads over HTTP/1.1 only, never HTTP/2; agent API calls are"
              + " HTTP/1.1 anyway. Jobs and the pre-bootstrap hook see BUILDKITE_NO_HTTP2, so the"
              + " in-job artifact commands follow it (env BUILDKITE_NO_HTTP2).")
  boolean noHttp2;

  @Option(
      names = "--spawn-with-priority",
      defaultValue = "${env:BUILDKITE_AGENT_SPAWN_WITH_PRIORITY:-false}",
      description =
          "Give each spawned agent its number as its priority (agent 1 gets 1, …), instead of"
              + " --priority (env BUILDKITE_AGENT_SPAWN_WITH_PRIORITY).")
  boolean spawnWithPriority;

  @Option(
      names = "--experiment",
      split = ",",
      defaultValue = "${env:BUILDKITE_AGENT_EXPERIMENT}",
      description =
          "Experiments to enable, comma separated (env BUILDKITE_AGENT_EXPERIMENT). Cairn knows"
              + " descending-spawn-priority (--spawn-with-priority counts down: -1, -2, …, so"
              + " every host's first agent is preferred), zip-plugins (plugins from"
              + " zip+https://… archives) and pty-raw (the job's terminal in raw mode, so its"
              + " \\n is logged as written, not as \\r\\n); others are logged and ignored.")
  List<String> experiments;

  @Option(
      names = "--disconnect-after-uptime",
      defaultValue = "${env:BUILDKITE_AGENT_DISCONNECT_AFTER_UPTIME:-0}",
      description =
          "Seconds of uptime after which each agent takes no new job and disconnects once its"
              + " running job is done; 0 means never (env BUILDKITE_AGENT_DISCONNECT_AFTER_UPTIME;"
              + " default ${DEFAULT-VALUE}).")
  int disconnectAfterUptime;

  @Option(
      names = "--sockets-path",
      defaultValue = "${env:BUILDKITE_SOCKETS_PATH}",
      description =
          "Directory of the agent's sockets: each job's API socket (job-api/) and the host's lock"
              + " files (locks/) (env BUILDKITE_SOCKETS_PATH; default ~/.buildkite-agent/sockets).")
  Path socketsPath;

  @Option(
      names = "--plugins-always-clone-fresh",
      defaultValue = "${env:BUILDKITE_PLUGINS_ALWAYS_CLONE_FRESH:-false}",
      description =
          "Clone every job's plugins anew instead of reusing an earlier checkout (env"
              + " BUILDKITE_PLUGINS_ALWAYS_CLONE_FRESH).")
  boolean pluginsAlwaysCloneFresh;

  @Option(
      names = "--no-plugin-validation",
      arity = "0..1",
      defaultValue = "${env:BUILDKITE_NO_PLUGIN_VALIDATION:-true}",
      description =
          "Do not check plugins' configuration against their plugin.yml; on by default as in the"
              + " official agent, --no-plugin-validation=false checks (env"
              + " BUILDKITE_NO_PLUGIN_VALIDATION; default ${DEFAULT-VALUE}).")
  boolean noPluginValidation;

  @Option(
      names = "--no-ssh-keyscan",
      defaultValue = "${env:BUILDKITE_NO_SSH_KEYSCAN:-false}",
      description =
          "Do not add the SSH host of a repository or plugin to ~/.ssh/known_hosts with"
              + " ssh-keyscan before cloning it (env BUILDKITE_NO_SSH_KEYSCAN).")
  boolean noSshKeyscan;

  @Option(
      names = "--enable-job-log-tmpfile",
      defaultValue = "${env:BUILDKITE_ENABLE_JOB_LOG_TMPFILE:-false}",
      description =
          "Also write each job's log to a temporary file, named to the job and its hooks by"
              + " BUILDKITE_JOB_LOG_TMPFILE and removed when the job ends (env"
              + " BUILDKITE_ENABLE_JOB_LOG_TMPFILE).")
  boolean enableJobLogTmpfile;

  @Option(
      names = "--job-log-path",
      defaultValue = "${env:BUILDKITE_JOB_LOG_PATH}",
      description =
          "Directory of the --enable-job-log-tmpfile files (env BUILDKITE_JOB_LOG_PATH; default"
              + " the system's temporary directory).")
  Path jobLogPath;

  @Option(
      names = "--git-clone-flags",
      defaultValue = "${env:BUILDKITE_GIT_CLONE_FLAGS:--v}",
      description =
          "Flags of the first \"git clone\" of a checkout, split on spaces (env"
              + " BUILDKITE_GIT_CLONE_FLAGS; default ${DEFAULT-VALUE}).")
  String gitCloneFlags;

  @Option(
      names = "--git-clean-flags",
      defaultValue = "${env:BUILDKITE_GIT_CLEAN_FLAGS:--ffxdq}",
      description =
          "Flags of \"git clean\" before and after a checkout (env BUILDKITE_GIT_CLEAN_FLAGS;"
              + " default ${DEFAULT-VALUE}).")
  String gitCleanFlags;

  @Option(
      names = "--git-fetch-flags",
      defaultValue = "${env:BUILDKITE_GIT_FETCH_FLAGS:--v --prune}",
      description =
          "Flags of \"git fetch\" (env BUILDKITE_GIT_FETCH_FLAGS; default ${DEFAULT-VALUE}).")
  String gitFetchFlags;

  @Option(
      names = "--git-checkout-flags",
      defaultValue = "${env:BUILDKITE_GIT_CHECKOUT_FLAGS:--f}",
      description =
          "Flags of \"git checkout\" (env BUILDKITE_GIT_CHECKOUT_FLAGS; default ${DEFAULT-VALUE}).")
  String gitCheckoutFlags;

  @Option(
      names = "--no-git-submodules",
      defaultValue =
          "${env:BUILDKITE_NO_GIT_SUBMODULES:-${env:BUILDKITE_DISABLE_GIT_SUBMODULES:-false}}",
      description =
          "Do not check out a repository's git submodules (env BUILDKITE_NO_GIT_SUBMODULES or"
              + " BUILDKITE_DISABLE_GIT_SUBMODULES).")
  boolean noGitSubmodules;

  @Option(
      names = "--skip-checkout",
      defaultValue = "${env:BUILDKITE_SKIP_CHECKOUT:-false}",
      description =
          "Skip every job's checkout: no checkout hook and no git checkout run; pre- and"
              + " post-checkout hooks still do (env BUILDKITE_SKIP_CHECKOUT).")
  boolean skipCheckout;

  @Option(
      names = "--spawn-per-cpu",
      defaultValue = "${env:BUILDKITE_AGENT_SPAWN_PER_CPU:-0}",
      description =
          "Number of agents to run per CPU, instead of --spawn (env BUILDKITE_AGENT_SPAWN_PER_CPU;"
              + " default ${DEFAULT-VALUE}: use --spawn).")
  int spawnPerCpu;

  @Option(
      names = "--tags-from-host",
      defaultValue = "${env:BUILDKITE_AGENT_TAGS_FROM_HOST:-false}",
      description =
          "Add the tags hostname, os and machine-id of this host (env"
              + " BUILDKITE_AGENT_TAGS_FROM_HOST).")
  boolean tagsFromHost;

  @Option(
      names = "--log-level",
      defaultValue = "${env:BUILDKITE_AGENT_LOG_LEVEL}",
      description =
          "How much the agent logs: debug, info, notice, warn, error or fatal (env"
              + " BUILDKITE_AGENT_LOG_LEVEL; default notice, which Cairn logs as info).")
  String logLevel;

  @Option(
      names = "--log-format",
      defaultValue = "${env:BUILDKITE_LOG_FORMAT:-text}",
      description =
          "How the agent writes its own log (not jobs' logs): text, one line per event on"
              + " standard error, or json, one JSON object a line with the official agent's"
              + " fields ts, level and msg, on standard output as the official agent's (env"
              + " BUILDKITE_LOG_FORMAT; default ${DEFAULT-VALUE}).")
  String logFormat;

  @Option(
      names = "--debug",
      defaultValue = "${env:BUILDKITE_AGENT_DEBUG:-false}",
      description = "The same as --log-level debug, and wins over it (env BUILDKITE_AGENT_DEBUG).")
  boolean debug;

  @Option(
      names = "--allowed-repositories",
      split = ",",
      defaultValue = "${env:BUILDKITE_ALLOWED_REPOSITORIES}",
      description =
          "Regular expressions, comma separated: a job whose BUILDKITE_REPO matches none is"
              + " refused (env BUILDKITE_ALLOWED_REPOSITORIES; default any repository).")
  List<String> allowedRepositories;

  @Option(
      names = "--allowed-plugins",
      split = ",",
      defaultValue = "${env:BUILDKITE_ALLOWED_PLUGINS}",
      description =
          "Regular expressions, comma separated: a job with a plugin whose source matches none is"
              + " refused (env BUILDKITE_ALLOWED_PLUGINS; default any plugin).")
  List<String> allowedPlugins;

  @Option(
      names = "--enable-environment-variable-allowlist",
      defaultValue = "${env:BUILDKITE_ENABLE_ENVIRONMENT_VARIABLE_ALLOWLIST:-false}",
      description =
          "Refuse a job with a variable that --allowed-environment-variables does not allow;"
              + " CI and BUILDKITE_* are always allowed (env"
              + " BUILDKITE_ENABLE_ENVIRONMENT_VARIABLE_ALLOWLIST).")
  boolean enableEnvironmentVariableAllowlist;

  @Option(
      names = "--allowed-environment-variables",
      split = ",",
      defaultValue = "${env:BUILDKITE_ALLOWED_ENVIRONMENT_VARIABLES}",
      description =
          "Regular expressions, comma separated, for the names of the variables a job may have"
              + " with --enable-environment-variable-allowlist (env"
              + " BUILDKITE_ALLOWED_ENVIRONMENT_VARIABLES).")
  List<String> allowedEnvironmentVariables;

  @Option(
      names = "--shell",
      defaultValue = "${env:BUILDKITE_SHELL:-/bin/bash -e -c}",
      description =
          "The command line that runs a step's command, split on spaces, the command appended"
              + " (env BUILDKITE_SHELL; default ${DEFAULT-VALUE}).")
  String shell;

  @Option(
      names = "--no-ansi-timestamps",
      defaultValue = "${env:BUILDKITE_NO_ANSI_TIMESTAMPS:-false}",
      description =
          "Do not start each job log line with an ANSI timestamp (env"
              + " BUILDKITE_NO_ANSI_TIMESTAMPS).")
  boolean noAnsiTimestamps;

  @Option(
      names = "--timestamp-lines",
      defaultValue = "${env:BUILDKITE_TIMESTAMP_LINES:-false}",
      description =
          "Start each job log line but section headers with [<RFC 3339 time>]; as in the official"
              + " agent, only together with --no-ansi-timestamps (env BUILDKITE_TIMESTAMP_LINES).")
  boolean timestampLines;

  @Option(
      names = "--write-job-logs-to-stdout",
      defaultValue = "${env:BUILDKITE_WRITE_JOB_LOGS_TO_STDOUT:-false}",
      description =
          "Also write every job's (redacted) log to the agent's standard output; the agent's own"
              + " messages stay on standard error (env BUILDKITE_WRITE_JOB_LOGS_TO_STDOUT).")
  boolean writeJobLogsToStdout;

  @Option(
      names = "--health-check-addr",
      defaultValue = "${env:BUILDKITE_AGENT_HEALTH_CHECK_ADDR}",
      description =
          "Serve health checks on this HOST:PORT (or :PORT for every interface): GET / answers"
              + " \"OK: Buildkite agent is running\", GET /status.json each agent's state and"
              + " current job (env BUILDKITE_AGENT_HEALTH_CHECK_ADDR; default none).")
  String healthCheckAddr;

  @Override
  public Integer call() throws InterruptedException {
    try {
      // Before the file, so its warnings are logged in the format of the flag or variable; and
      // after it, in case the file is what sets it.
      useLogFormat();
      applyConfigFile();
      useLogFormat();
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("cairn agent start: " + e.getMessage());
      return 2;
    }
    try {
      if (debug || logLevel != null) {
        AgentLogLevel.apply(debug ? "debug" : logLevel);
      }
    } catch (IllegalArgumentException e) {
      System.err.println("cairn agent start: " + e.getMessage());
      return 2;
    }
    if (token == null || token.isBlank()) {
      System.err.println("cairn agent start: --token (or BUILDKITE_AGENT_TOKEN) is required");
      return 2;
    }
    AgentConfig config;
    try {
      config =
          AgentConfig.of(endpoint, token)
              .withName(name)
              .withTags(allTags())
              .withQueue(queue)
              .withSpawn(spawnCount())
              .withBuildPath(buildPath)
              .withSignalGracePeriod(signalGrace())
              .withJobs(jobSettings())
              .withPriority(priority)
              .withAcquireJob(acquireJob)
              .withDisconnectAfterJob(disconnectAfterJob)
              .withDisconnectAfterIdleTimeout(idleTimeout())
              .withSpawnPriority(spawnPriority())
              .withDisconnectAfterUptime(uptime())
              .withHealthCheckAddr(HealthCheckAddress.parse(healthCheckAddr));
    } catch (IllegalArgumentException e) {
      System.err.println("cairn agent start: " + e.getMessage());
      return 2;
    }
    Agent agent = new Agent(config);
    AgentSignals.install(agent, Duration.ofSeconds(cancelGracePeriod + 1L));
    try {
      agent.start();
    } catch (UncheckedIOException e) {
      // Agent.start() throws this only for the health check server's address.
      System.err.println("cairn agent start: --health-check-addr: " + e.getMessage());
      return 2;
    }
    agent.awaitTermination(Duration.ofDays(36500));
    return exitStatus(agent, config);
  }

  /** Switches the agent's log to JSON if asked; for text, the default, loads nothing. */
  private void useLogFormat() {
    if (!"text".equals(logFormat)) {
      AgentLogFormat.apply(logFormat);
    }
  }

  /** {@code --tags}, and the host's tags with {@code --tags-from-host}. */
  List<String> allTags() {
    List<String> all = new java.util.ArrayList<>(tags == null ? List.of() : tags);
    if (tagsFromHost) {
      all.addAll(HostTags.of(System.getenv()));
    }
    return all;
  }

  /** {@code --spawn}, or {@code --spawn-per-cpu} times the CPUs this process may use. */
  int spawnCount() {
    if (spawnPerCpu < 0) {
      throw new IllegalArgumentException("--spawn-per-cpu must be 0 or more, got " + spawnPerCpu);
    }
    if (spawnPerCpu == 0) {
      return spawn;
    }
    if (spawn != 1) {
      throw new IllegalArgumentException("--spawn and --spawn-per-cpu cannot be used together");
    }
    return spawnPerCpu * Runtime.getRuntime().availableProcessors();
  }

  /**
   * 1 if the agent-startup hook failed (as the official agent fails to start); else 0, except after
   * {@code --acquire-job}: 1 if no job ran, else 0 or the job's own status.
   */
  private int exitStatus(Agent agent, AgentConfig config) {
    if (agent.startupHookFailed()) {
      System.err.println(
          "cairn agent start: the agent-startup hook failed, so no agent connected (see its output"
              + " above)");
      return 1;
    }
    if (config.acquireJob() == null) {
      return 0;
    }
    Optional<Integer> job = agent.lastExitStatus();
    if (job.isEmpty()) {
      return 1;
    }
    return reflectExitStatus ? job.get() : 0;
  }

  /**
   * Fills what neither flags nor variables set from the configuration file, if there is one: the
   * one named by {@code --config} (which must exist), else the first of the official agent's
   * places.
   */
  private void applyConfigFile() throws IOException {
    Optional<Path> path =
        configPath != null ? Optional.of(configPath) : AgentConfigFile.defaultPath(System.getenv());
    if (path.isEmpty()) {
      return;
    }
    if (!Files.exists(path.get())) {
      throw new IllegalArgumentException(
          "configuration file " + path.get() + " (--config or BUILDKITE_AGENT_CONFIG) not found");
    }
    AgentConfigFile file = AgentConfigFile.load(path.get());
    // The file's log format first, so that what reading the rest of it logs is in that format.
    AgentSettingSources.leftToFile(
            spec, spec.commandLine().getParseResult(), System.getenv(), file, "log-format")
        .ifPresent(AgentLogFormat::apply);
    AgentSettingSources.applyFile(
        spec, spec.commandLine().getParseResult(), System.getenv(), file, new AgentStartCommand());
    LOG.info("settings not given as flags or variables come from {}", file.path());
  }

  private Duration idleTimeout() {
    if (disconnectAfterIdleTimeout < 0) {
      throw new IllegalArgumentException(
          "--disconnect-after-idle-timeout must be 0 (never) or more seconds, got "
              + disconnectAfterIdleTimeout);
    }
    return Duration.ofSeconds(disconnectAfterIdleTimeout);
  }

  private AgentConfig.SpawnPriority spawnPriority() {
    for (String experiment : experiments == null ? List.<String>of() : experiments) {
      String name = experiment.strip();
      if (!name.isEmpty() && !KNOWN_EXPERIMENTS.contains(name)) {
        LOG.warn("unknown experiment '{}' ignored", name);
      }
    }
    if (!spawnWithPriority) {
      return AgentConfig.SpawnPriority.NONE;
    }
    return experimentEnabled(DESCENDING_SPAWN_PRIORITY)
        ? AgentConfig.SpawnPriority.DESCENDING
        : AgentConfig.SpawnPriority.ASCENDING;
  }

  private boolean experimentEnabled(String name) {
    return experiments != null && experiments.stream().map(String::strip).anyMatch(name::equals);
  }

  private Duration uptime() {
    if (disconnectAfterUptime < 0) {
      throw new IllegalArgumentException(
          "--disconnect-after-uptime must be 0 (never) or more seconds, got "
              + disconnectAfterUptime);
    }
    return Duration.ofSeconds(disconnectAfterUptime);
  }

  private Duration signalGrace() {
    if (signalGracePeriodSeconds >= cancelGracePeriod) {
      throw new IllegalArgumentException(
          "--signal-grace-period-seconds must be less than --cancel-grace-period");
    }
    int seconds =
        signalGracePeriodSeconds < 0
            ? cancelGracePeriod + signalGracePeriodSeconds
            : signalGracePeriodSeconds;
    return Duration.ofSeconds(Math.max(1, seconds));
  }

  @Option(
      names = "--verification-jwks-file",
      defaultValue = "${env:BUILDKITE_AGENT_VERIFICATION_JWKS_FILE}",
      description =
          "JWKS file of public keys; every job's step signature is checked against it before the"
              + " job runs (env BUILDKITE_AGENT_VERIFICATION_JWKS_FILE).")
  Path verificationJwksFile;

  @Option(
      names = "--verification-failure-behavior",
      defaultValue = "${env:BUILDKITE_AGENT_JOB_VERIFICATION_NO_SIGNATURE_BEHAVIOR:-block}",
      description =
          "What a job that fails verification does: block (it is not run, exit -1,"
              + " signature_rejected) or warn (logged, then run) (env"
              + " BUILDKITE_AGENT_JOB_VERIFICATION_NO_SIGNATURE_BEHAVIOR; default ${DEFAULT-VALUE}).")
  String verificationFailureBehavior;

  /** The signature check of jobs; the keys file is only checked to exist here, read per job. */
  Verification verification() {
    boolean block = Verification.blocks(verificationFailureBehavior);
    if (verificationJwksFile == null) {
      return new Verification(null, block);
    }
    Path file = verificationJwksFile.toAbsolutePath();
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException("--verification-jwks-file " + file + " cannot be read");
    }
    return new Verification(file, block);
  }

  JobSettings jobSettings() {
    if (cancelGracePeriod < 1) {
      throw new IllegalArgumentException("--cancel-grace-period must be at least 1 second");
    }
    return new JobSettings(
        hooksPath == null ? null : hooksPath.toAbsolutePath(),
        pluginsPath == null ? null : pluginsPath.toAbsolutePath(),
        !noLocalHooks,
        !noCommandEval,
        noPlugins != null ? !noPlugins : !noCommandEval && !noLocalHooks,
        redactedVars == null || redactedVars.isEmpty() ? Redactor.DEFAULT_PATTERNS : redactedVars,
        InJobLauncher.command(),
        Signal.parse(cancelSignal),
        Duration.ofSeconds(cancelGracePeriod),
        socketsPath == null ? null : socketsPath.toAbsolutePath(),
        pluginsAlwaysCloneFresh,
        !noPluginValidation,
        experimentEnabled(ZIP_PLUGINS),
        !noPty,
        !noSshKeyscan,
        experimentEnabled(PTY_RAW),
        enableJobLogTmpfile,
        jobLogDirectory(),
        new CheckoutSettings(
            gitCloneFlags,
            gitCleanFlags,
            gitFetchFlags,
            gitCheckoutFlags,
            !noGitSubmodules,
            skipCheckout),
        new JobAllowlist(
            patterns("--allowed-repositories", allowedRepositories),
            patterns("--allowed-plugins", allowedPlugins),
            enableEnvironmentVariableAllowlist,
            patterns("--allowed-environment-variables", allowedEnvironmentVariables)),
        shell,
        !noAnsiTimestamps,
        lineTimestamps(),
        jobLogsToStdout(),
        verification(),
        additionalHooksPaths(),
        strictSingleHooks,
        !noHttp2);
  }

  /** {@code --additional-hooks-paths}, absolute, blank entries dropped. */
  private List<Path> additionalHooksPaths() {
    if (additionalHooksPaths == null) {
      return List.of();
    }
    return additionalHooksPaths.stream()
        .filter(p -> !p.toString().isBlank())
        .map(Path::toAbsolutePath)
        .toList();
  }

  /** {@code --timestamp-lines}, which the official agent ignores while ANSI timestamps are on. */
  private boolean lineTimestamps() {
    if (timestampLines && !noAnsiTimestamps) {
      LOG.warn(
          "--timestamp-lines (BUILDKITE_TIMESTAMP_LINES) has no effect without"
              + " --no-ansi-timestamps, as in the official agent");
    }
    return timestampLines;
  }

  /** {@code --write-job-logs-to-stdout}, whose lines are not JSON even with --log-format json. */
  private boolean jobLogsToStdout() {
    if (writeJobLogsToStdout && "json".equals(logFormat)) {
      LOG.warn(
          "--write-job-logs-to-stdout writes job log lines as they are, between the agent's JSON"
              + " lines on standard output (the official agent wraps each in JSON; Cairn does not"
              + " yet)");
    }
    return writeJobLogsToStdout;
  }

  /** The regular expressions of {@code flag}, each checked, blanks dropped. */
  private static List<Pattern> patterns(String flag, List<String> values) {
    List<Pattern> patterns = new java.util.ArrayList<>();
    for (String value : values == null ? List.<String>of() : values) {
      if (value.isBlank()) {
        continue;
      }
      try {
        patterns.add(Pattern.compile(value.strip()));
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            flag + ": '" + value.strip() + "' is not a regular expression: " + e.getDescription(),
            e);
      }
    }
    return patterns;
  }

  /** The {@code --job-log-path} directory, which must exist when job log files are on. */
  private Path jobLogDirectory() {
    if (jobLogPath == null) {
      return null;
    }
    if (!enableJobLogTmpfile) {
      LOG.warn(
          "--job-log-path (BUILDKITE_JOB_LOG_PATH) has no effect without --enable-job-log-tmpfile");
      return null;
    }
    if (!Files.isDirectory(jobLogPath)) {
      throw new IllegalArgumentException(
          "--job-log-path (BUILDKITE_JOB_LOG_PATH) must be an existing directory, got "
              + jobLogPath);
    }
    return jobLogPath.toAbsolutePath();
  }
}
