package dev.cairn.agent.job;

import dev.cairn.protocol.Job;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The child process environment, built by small contributors applied in order (house style rule 4):
 * the agent process env, then the job env (which wins), then the agent's own variables (spec §5.3),
 * then the job's paths. The registration token ({@code BUILDKITE_AGENT_TOKEN}) is removed; the job
 * gets its job token as {@code BUILDKITE_AGENT_ACCESS_TOKEN} instead (spec §3.5).
 */
final class JobEnvironment {
  private JobEnvironment() {}

  static Map<String, String> build(
      JobContext context, Job job, String jobToken, Path checkout, Path binDir) {
    Map<String, String> env = new HashMap<>(context.processEnv());
    if (job.env() != null) {
      env.putAll(job.env());
    }
    env.putIfAbsent("BUILDKITE_JOB_ID", job.id());
    env.remove("BUILDKITE_AGENT_TOKEN");
    addAgent(env, context, jobToken);
    addSettings(env, context.jobs(), context);
    addPaths(env, checkout, binDir);
    return env;
  }

  private static void addAgent(Map<String, String> env, JobContext context, String jobToken) {
    env.put("BUILDKITE_AGENT_ACCESS_TOKEN", jobToken);
    env.put("BUILDKITE_AGENT_ENDPOINT", context.endpoint().toString());
    env.put("BUILDKITE_NO_HTTP2", Boolean.toString(!context.jobs().http2()));
    env.put("BUILDKITE_BUILD_PATH", context.buildPath().toString());
    env.put("BUILDKITE_AGENT_NAME", context.agentName());
    env.put("BUILDKITE_AGENT_ID", context.agentId());
    env.put("BUILDKITE_AGENT_PID", Long.toString(ProcessHandle.current().pid()));
  }

  private static void addSettings(Map<String, String> env, JobSettings jobs, JobContext context) {
    if (jobs.hooksPath() != null) {
      env.put("BUILDKITE_HOOKS_PATH", jobs.hooksPath().toString());
    }
    env.put(
        "BUILDKITE_ADDITIONAL_HOOKS_PATHS",
        String.join(",", jobs.additionalHooksPaths().stream().map(Path::toString).toList()));
    if (jobs.pluginsPath() != null) {
      env.put("BUILDKITE_PLUGINS_PATH", jobs.pluginsPath().toString());
    }
    env.put("BUILDKITE_LOCAL_HOOKS_ENABLED", Boolean.toString(jobs.localHooks()));
    env.put("BUILDKITE_COMMAND_EVAL", Boolean.toString(jobs.commandEval()));
    env.put("BUILDKITE_PLUGINS_ENABLED", Boolean.toString(jobs.pluginsEnabled()));
    env.put(
        "BUILDKITE_PLUGINS_ALWAYS_CLONE_FRESH", Boolean.toString(jobs.pluginsAlwaysCloneFresh()));
    env.put("BUILDKITE_PLUGIN_VALIDATION", Boolean.toString(jobs.pluginValidation()));
    env.put("BUILDKITE_SSH_KEYSCAN", Boolean.toString(jobs.sshKeyscan()));
    CheckoutSettings checkout = jobs.checkout();
    env.put("BUILDKITE_GIT_CLONE_FLAGS", checkout.cloneFlags());
    env.put("BUILDKITE_GIT_CLEAN_FLAGS", checkout.cleanFlags());
    env.put("BUILDKITE_GIT_FETCH_FLAGS", checkout.fetchFlags());
    env.put("BUILDKITE_GIT_CHECKOUT_FLAGS", checkout.checkoutFlags());
    env.put("BUILDKITE_GIT_SUBMODULES", Boolean.toString(checkout.submodules()));
    if (checkout.skip()) {
      env.put("BUILDKITE_SKIP_CHECKOUT", "true");
    }
    env.put("BUILDKITE_SOCKETS_PATH", jobs.socketsPath().toString());
    env.put("BUILDKITE_REDACTED_VARS", String.join(",", jobs.redactedVars()));
    env.put("BUILDKITE_SHELL", jobs.shell());
    env.put("BUILDKITE_STRICT_SINGLE_HOOKS", Boolean.toString(jobs.strictSingleHooks()));
    // The official agent sets only "false" (its bootstrap defaults to a PTY); "true" says the same
    // to a job that reads it. The executor changes it to "false" if no terminal can be opened.
    env.put("BUILDKITE_PTY", Boolean.toString(jobs.pty()));
    env.put("BUILDKITE_CANCEL_GRACE_PERIOD", Long.toString(jobs.cancelGracePeriod().toSeconds()));
    env.put(
        "BUILDKITE_SIGNAL_GRACE_PERIOD_SECONDS",
        Long.toString(context.signalGracePeriod().toSeconds()));
    if (jobs.cancelSignal() != dev.cairn.agent.process.Signal.SIGTERM) {
      env.put("BUILDKITE_CANCEL_SIGNAL", jobs.cancelSignal().name());
    }
  }

  /**
   * The checkout path, and the bin directory put <em>first</em> on {@code PATH} (the official agent
   * appends it): a host with the official agent installed must still reach this agent's commands.
   */
  private static void addPaths(Map<String, String> env, Path checkout, Path binDir) {
    env.put(CheckoutDirectory.CHECKOUT_PATH, checkout.toString());
    env.put("BUILDKITE_BIN_PATH", binDir.toString());
    String path = env.get("PATH");
    env.put("PATH", path == null || path.isEmpty() ? binDir.toString() : binDir + ":" + path);
  }
}
