package dev.cairn.agent.api;

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

  private AgentApiException(String message, int status, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The server answered {@code call} with a non-2xx {@code status} (or an unreadable 2xx). */
  public static AgentApiException status(String call, int status, String detail) {
    String suffix = detail.isBlank() ? "" : ": " + detail;
    return new AgentApiException(call + " failed with HTTP " + status + suffix, status, null);
  }

  /** {@code call} got no HTTP answer at all. */
  public static AgentApiException network(String call, Throwable cause) {
    return new AgentApiException(call + " failed: " + cause, NO_STATUS, cause);
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
