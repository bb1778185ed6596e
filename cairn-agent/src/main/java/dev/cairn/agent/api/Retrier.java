package dev.cairn.agent.api;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an agent API call under a {@link RetryPolicy}. Every loop is bounded by the policy's
 * attempts and waits between attempts, so no caller can spin. Thread-safe.
 */
public final class Retrier {
  private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

  private final Timing timing;

  public Retrier(Timing timing) {
    this.timing = timing;
  }

  /** One attempt of a call. */
  @FunctionalInterface
  public interface Call<T> {
    T attempt() throws AgentApiException, InterruptedException;
  }

  /**
   * Calls until success, a failure the policy does not retry, or the last attempt; then rethrows
   * the last failure. The failure's message names the call (never a token) in the warning logged
   * before each retry.
   */
  public <T> T call(RetryPolicy policy, Call<T> call)
      throws AgentApiException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.attempt();
      } catch (AgentApiException e) {
        if (attempt >= policy.maxAttempts() || !policy.shouldRetry(e)) {
          throw e;
        }
        Duration delay = delayAfter(policy, attempt);
        LOG.warn(
            "{} (attempt {}/{}), retrying in {}",
            e.getMessage(),
            attempt,
            policy.maxAttempts(),
            delay);
        timing.sleep(delay);
      }
    }
  }

  private Duration delayAfter(RetryPolicy policy, int attempt) {
    Duration delay = policy.delayAfter(attempt);
    return policy.jitter() ? delay.plus(timing.jitter(delay.dividedBy(2))) : delay;
  }
}
