package dev.cairn.agent.job;

import dev.cairn.agent.api.AgentApiException;
import dev.cairn.agent.api.JobResourcesClient;
import dev.cairn.agent.api.Retrier;
import dev.cairn.agent.api.RetryPolicy;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches a step's {@code secrets:} ({@link StepSecrets}) before its first hook, as the official
 * agent's executor does in its set-up: each is read from the server's store with the job's token,
 * set as its environment variable, and returned so the log redacts it from the start. The log shows
 * which secret became which variable, never a value. A secret that cannot be had fails the set-up,
 * so the job ends without running (exit -1, {@code process_run_error}).
 */
final class StepSecretsSetup {
  private static final Logger LOG = LoggerFactory.getLogger(StepSecretsSetup.class);

  private StepSecretsSetup() {}

  /**
   * The values of the step's secrets, after setting each as its variable in {@code env}; empty when
   * one could not be had (then the log says why).
   */
  static Optional<List<String>> fetch(
      Map<String, Object> step,
      String jobId,
      JobResourcesClient client,
      Retrier retrier,
      Map<String, String> env,
      OutputStream log,
      String label)
      throws InterruptedException {
    List<StepSecrets> secrets;
    try {
      secrets = StepSecrets.of(step);
    } catch (StepSecrets.Invalid e) {
      return failed(log, label, e.getMessage());
    }
    if (secrets.isEmpty()) {
      return Optional.of(List.of());
    }
    JobLog.write(log, "~~~ Preparing secrets\n");
    List<String> values = new ArrayList<>();
    for (StepSecrets secret : secrets) {
      String value;
      try {
        value = retrier.call(RetryPolicy.JOB_READ, () -> client.secret(jobId, secret.key()));
      } catch (AgentApiException e) {
        return failed(log, label, "secret " + secret.key() + ": " + e.getMessage());
      }
      values.add(value);
      if (!secret.variable().isEmpty()) {
        boolean replaced = env.put(secret.variable(), value) != null;
        JobLog.write(
            log,
            "Secret "
                + secret.key()
                + " added as environment variable "
                + secret.variable()
                + (replaced ? " (overwritten)\n" : "\n"));
      }
    }
    return Optional.of(values);
  }

  private static Optional<List<String>> failed(OutputStream log, String label, String why) {
    LOG.warn("{}: failed to fetch secrets for the job: {}", label, why);
    JobLog.write(log, "cairn-agent: failed to fetch secrets for the job: " + why + "\n");
    return Optional.empty();
  }
}
