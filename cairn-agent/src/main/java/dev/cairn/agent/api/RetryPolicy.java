package dev.cairn.agent.api;

import java.time.Duration;

/**
 * How one kind of agent API call is retried, as data (spec §11): at most {@code maxAttempts} calls,
 * waiting {@code initialDelay × multiplier^(n-1)} (capped at {@code maxDelay}, plus a random jitter
 * of up to half the delay when {@code jitter}) after the n-th failure, for the failures {@code
 * retryOn} selects.
 */
public record RetryPolicy(
    int maxAttempts,
    Duration initialDelay,
    double multiplier,
    Duration maxDelay,
    boolean jitter,
    RetryOn retryOn) {

  /** Register: 30 × 10 s, stopping early on a non-retryable status. */
  public static final RetryPolicy REGISTER =
      constant(30, Duration.ofSeconds(10), RetryOn.RETRYABLE);

  /** Connect: 10 × 5 s, any failure. */
  public static final RetryPolicy CONNECT = constant(10, Duration.ofSeconds(5), RetryOn.ANY);

  /** Disconnect: 4 × 1 s, any failure; the caller only warns if it still fails. */
  public static final RetryPolicy DISCONNECT = constant(4, Duration.ofSeconds(1), RetryOn.ANY);

  /** Heartbeat: 10 × 5 s; a non-retryable status stops the agent. */
  public static final RetryPolicy HEARTBEAT =
      constant(10, Duration.ofSeconds(5), RetryOn.RETRYABLE);

  /** Accept: 30 × 5 s, network errors only; any HTTP error abandons the job. */
  public static final RetryPolicy ACCEPT = constant(30, Duration.ofSeconds(5), RetryOn.NETWORK);

  /** Start: 7 attempts, exponential from 2 s. */
  public static final RetryPolicy START =
      new RetryPolicy(
          7, Duration.ofSeconds(2), 2.0, Duration.ofMinutes(2), true, RetryOn.RETRYABLE);

  /**
   * Log chunks and finish: 12 attempts from 2 s growing ×1.6 with jitter, about ten minutes of
   * waiting in all, like the official agent's sub-second exponential schedule.
   */
  public static final RetryPolicy UPLOAD =
      new RetryPolicy(
          12, Duration.ofSeconds(2), 1.6, Duration.ofMinutes(5), true, RetryOn.RETRYABLE);

  /** meta-data set: 10 attempts, exponential from 2 s. */
  public static final RetryPolicy META_DATA_SET =
      new RetryPolicy(
          10, Duration.ofSeconds(2), 2.0, Duration.ofSeconds(30), true, RetryOn.RETRYABLE);

  /** meta-data get, exists, keys; step get and update; secret get: 10 × 5 s. */
  public static final RetryPolicy JOB_READ = constant(10, Duration.ofSeconds(5), RetryOn.RETRYABLE);

  /** annotate, annotation remove: 5 × 1 s. */
  public static final RetryPolicy ANNOTATE = constant(5, Duration.ofSeconds(1), RetryOn.RETRYABLE);

  /** Artifact batch create and state reports: 10 attempts, exponential from 0.5 s. */
  public static final RetryPolicy ARTIFACT_BATCH =
      new RetryPolicy(
          10, Duration.ofMillis(500), 2.0, Duration.ofSeconds(30), true, RetryOn.RETRYABLE);

  /** pipeline upload: 60 × 5 s. */
  public static final RetryPolicy PIPELINE_UPLOAD =
      constant(60, Duration.ofSeconds(5), RetryOn.RETRYABLE);

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0 || multiplier < 1.0) {
      throw new IllegalArgumentException("delays must satisfy 0 <= initialDelay <= maxDelay");
    }
  }

  public static RetryPolicy constant(int maxAttempts, Duration delay, RetryOn retryOn) {
    return new RetryPolicy(maxAttempts, delay, 1.0, delay, false, retryOn);
  }

  /** The wait after failed attempt {@code attempt} (1-based), before jitter. */
  public Duration delayAfter(int attempt) {
    double factor = Math.pow(multiplier, attempt - 1.0);
    double millis =
        Math.min((double) maxDelay.toMillis(), (double) initialDelay.toMillis() * factor);
    return Duration.ofMillis((long) millis);
  }

  public boolean shouldRetry(AgentApiException failure) {
    return switch (retryOn) {
      case ANY -> true;
      case NETWORK -> failure.isNetworkError();
      case RETRYABLE -> RetryClassifier.isRetryable(failure);
    };
  }

  /** Which failures a policy retries. */
  public enum RetryOn {
    /** Every failure, whatever the status (connect, disconnect). */
    ANY,
    /** Only failures without an HTTP answer (accept). */
    NETWORK,
    /** Failures {@link RetryClassifier} calls retryable. */
    RETRYABLE
  }
}
