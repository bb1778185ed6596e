package dev.cairn.agent;

import dev.cairn.agent.hook.Hook;
import dev.cairn.agent.hook.HookFinder;
import dev.cairn.agent.hook.HookProcess;
import dev.cairn.agent.log.Redactor;
import dev.cairn.agent.worker.StartupGate.Registered;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code agent-startup} and {@code agent-shutdown} hooks (spec §2.6), once per agent process
 * for all its workers, as the official agent runs them ({@code clicommand/agent_start.go}, {@code
 * agentLifecycleHook}): the hooks path's, then each additional hooks path's, each run by {@link
 * HookProcess} with the agent's environment plus {@code BUILDKITE_AGENT_IDS} and {@code
 * BUILDKITE_AGENT_NAMES} (the registered workers, comma separated); the first that fails ends the
 * run. The registration token is kept out of their environment and redacted from their output.
 * Immutable and thread-safe.
 */
final class AgentLifecycleHooks {
  static final String STARTUP = "agent-startup";
  static final String SHUTDOWN = "agent-shutdown";
  private static final Logger LOG = LoggerFactory.getLogger(AgentLifecycleHooks.class);

  private final HookFinder finder;
  private final Map<String, String> processEnv;
  private final List<String> redactedVars;
  private final String registrationToken;

  AgentLifecycleHooks(AgentConfig config, Map<String, String> processEnv) {
    this.finder = new HookFinder(config.jobs().agentHooksPaths(), false);
    this.processEnv = Map.copyOf(processEnv);
    this.redactedVars = config.jobs().redactedVars();
    this.registrationToken = config.registrationToken();
  }

  boolean hasStartup() {
    return !finder.agentHooks(STARTUP).isEmpty();
  }

  /** Runs the {@code name} hooks for {@code agents}; true if every one exited 0. */
  boolean run(String name, List<Registered> agents) throws InterruptedException {
    Map<String, String> env = environment(agents);
    Redactor redactor =
        Redactor.fromEnvironment(env, redactedVars).with(List.of(registrationToken));
    for (Hook hook : finder.agentHooks(name)) {
      int status = HookProcess.run(hook, env, redactor, "agent");
      if (status != 0) {
        LOG.error("the {} hook {} failed (exit {})", name, hook.file(), status);
        return false;
      }
    }
    return true;
  }

  private Map<String, String> environment(List<Registered> agents) {
    Map<String, String> env = new HashMap<>(processEnv);
    env.remove("BUILDKITE_AGENT_TOKEN");
    env.put("BUILDKITE_AGENT_IDS", String.join(",", agents.stream().map(Registered::id).toList()));
    env.put(
        "BUILDKITE_AGENT_NAMES", String.join(",", agents.stream().map(Registered::name).toList()));
    return env;
  }
}
