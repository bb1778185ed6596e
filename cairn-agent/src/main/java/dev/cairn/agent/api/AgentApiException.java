package dev.cairn.agent.api;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An agent API call that failed, either with an HTTP status (the server answered) or without one (a
 * network error: refused, reset, timed out). Whether it is worth retrying is decided only by {@link
 * RetryClassifier#isRetryable}. Messages name the call, never a token.
 */
public final class AgentApiException extends Exception {
  private static final long serialVersionUID = 1L;
  private static final int NO_STATUS = -1;

  private final int status;
  private final transient Optional<Duration> retryAfter;

  private AgentApiException(
      String message, int status, Optional<Duration> retryAfter, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.retryAfter = retryAfter;
  }

  /** The server answered {@code call} with a non-2xx {@code status} (or an unreadable 2xx). */
  public static AgentApiException status(String call, int status, String detail) {
    return status(call, status, detail, Optional.empty());
  }

  /** As {@link #status(String, int, String)}, with the reply's {@code Retry-After}, if any. */
  public static AgentApiException status(
      String call, int status, String detail, Optional<Duration> retryAfter) {
    String suffix = detail.isBlank() ? "" : ": " + detail;
    return new AgentApiException(
        call + " failed with HTTP " + status + suffix, status, retryAfter, null);
  }

  /** {@code call} got no HTTP answer at all. */
  public static AgentApiException network(String call, Throwable cause) {
    return new AgentApiException(call + " failed: " + cause, NO_STATUS, Optional.empty(), cause);
  }

  /** How long the server asked the caller to wait before trying again ({@code Retry-After}). */
  public Optional<Duration> retryAfter() {
    return retryAfter;
  }

  /** The HTTP status, empty for a network error. */
  public OptionalInt status() {
    return status == NO_STATUS ? OptionalInt.empty() : OptionalInt.of(status);
  }

  public boolean isNetworkError() {
    return status == NO_STATUS;
  }

  public boolean isRetryable() {
    return RetryClassifier.isRetryable(this);
  }
}
