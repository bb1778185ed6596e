package dev.cairn.agent.api;

/**
 * The one place that decides whether a failed agent API call may be retried (spec §1, Buildkite's
 * {@code api/retryable.go}): network errors, 429 and every 5xx are retryable; any other status is
 * the server's final answer.
 */
public final class RetryClassifier {
  private static final int TOO_MANY_REQUESTS = 429;
  private static final int SERVER_ERROR = 500;

  private RetryClassifier() {}

  public static boolean isRetryable(AgentApiException failure) {
    return failure.status().stream().allMatch(s -> s == TOO_MANY_REQUESTS || s >= SERVER_ERROR);
  }
}
