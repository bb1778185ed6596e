package dev.cairn.agent.job;

import dev.cairn.protocol.Job;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The child process environment, built by small contributors applied in order (house style rule 4):
 * the agent process env, then the job env (which wins), then the agent's own variables. The
 * registration token ({@code BUILDKITE_AGENT_TOKEN}) is removed; the job gets its job token as
 * {@code BUILDKITE_AGENT_ACCESS_TOKEN} instead (spec §3.5).
 */
final class JobEnvironment {
  private JobEnvironment() {}

  static Map<String, String> build(JobContext context, Job job, String jobToken, Path checkout) {
    Map<String, String> env = new HashMap<>(context.processEnv());
    if (job.env() != null) {
      env.putAll(job.env());
    }
    env.putIfAbsent("BUILDKITE_JOB_ID", job.id());
    env.remove("BUILDKITE_AGENT_TOKEN");
    addAgent(env, context, jobToken);
    env.put(CheckoutDirectory.CHECKOUT_PATH, checkout.toString());
    return env;
  }

  private static void addAgent(Map<String, String> env, JobContext context, String jobToken) {
    env.put("BUILDKITE_AGENT_ACCESS_TOKEN", jobToken);
    env.put("BUILDKITE_AGENT_ENDPOINT", context.endpoint().toString());
    env.put("BUILDKITE_BUILD_PATH", context.buildPath().toString());
    env.put("BUILDKITE_AGENT_NAME", context.agentName());
    env.put("BUILDKITE_AGENT_ID", context.agentId());
  }
}
