package dev.cairn.agent.job;

import dev.cairn.agent.hook.Hook;
import dev.cairn.agent.hook.HookFinder;
import dev.cairn.agent.hook.HookProcess;
import dev.cairn.agent.log.Redactor;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code pre-bootstrap} agent hooks (spec §3.4 item 5), run before anything of the job runs: a
 * hook that exits non-zero, or cannot be run at all, refuses the job (exit -1, {@code
 * agent_refused}), as in the official agent ({@code agent/run_job.go}, {@code
 * executePreBootstrapHook}). The job's log only says that the hook refused it; what the hook
 * printed goes to the agent's log ({@link HookProcess}).
 *
 * <p>The hook gets the agent's own environment (without the registration token, which Cairn keeps
 * from every child) plus only what it needs to vet the job without running any of it: the env files
 * ({@link JobEnvFiles}), the job's id, its access token and the endpoint (so it may call {@code
 * buildkite-agent annotate} and the like), and the agent's HTTP and debug settings. The hook is
 * taken from the hooks path only, not from the additional hooks paths, as the official agent does
 * ({@code hook.Find(nil, HooksPath, "pre-bootstrap")}), so that a path added for job hooks cannot
 * widen what vets jobs.
 */
final class PreBootstrapCheck {
  private static final Logger LOG = LoggerFactory.getLogger(PreBootstrapCheck.class);
  static final String NAME = "pre-bootstrap";

  private PreBootstrapCheck() {}

  /** Whether the pre-bootstrap hook accepts the job; says so in its log when one does not. */
  static boolean passes(
      JobContext context,
      String jobId,
      String jobToken,
      JobEnvFiles envFiles,
      OutputStream log,
      String label)
      throws InterruptedException {
    Path hooksPath = context.jobs().hooksPath();
    List<Hook> hooks =
        hooksPath == null ? List.of() : new HookFinder(List.of(hooksPath), false).agentHooks(NAME);
    if (hooks.isEmpty()) {
      return true;
    }
    Map<String, String> env = environment(context, jobId, jobToken, envFiles);
    Redactor redactor = Redactor.fromEnvironment(env, context.jobs().redactedVars());
    for (Hook hook : hooks) {
      int status = HookProcess.run(hook, env, redactor, label);
      if (status != 0) {
        LOG.error(
            "{}: the pre-bootstrap hook {} rejected the job (exit {})", label, hook.file(), status);
        JobLog.write(
            log,
            "cairn-agent: pre-bootstrap hook rejected this job, see the agent's log for more details\n");
        return false;
      }
      LOG.info("{}: the pre-bootstrap hook {} accepted the job", label, hook.file());
    }
    return true;
  }

  static Map<String, String> environment(
      JobContext context, String jobId, String jobToken, JobEnvFiles envFiles) {
    Map<String, String> env = new HashMap<>(context.processEnv());
    env.remove("BUILDKITE_AGENT_TOKEN");
    env.putAll(envFiles.variables());
    env.put("BUILDKITE_JOB_ID", jobId);
    env.put("BUILDKITE_AGENT_ACCESS_TOKEN", jobToken);
    env.put("BUILDKITE_AGENT_ENDPOINT", context.endpoint().toString());
    env.put("BUILDKITE_NO_HTTP2", Boolean.toString(!context.jobs().http2()));
    env.put("BUILDKITE_AGENT_DEBUG", Boolean.toString(LOG.isDebugEnabled()));
    env.put("BUILDKITE_AGENT_DEBUG_HTTP", "false");
    return env;
  }
}
