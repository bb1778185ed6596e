package dev.cairn.protocol;

/**
 * Cairn's documented extension of {@code PUT /v3/jobs/{id}/finish}: with {@code ?ping=true}, once
 * the job is finished the server answers as {@code GET /v3/ping} (without {@code wait}) would
 * answer the job's agent at that moment, with a {@link Ping} that may assign the agent its next
 * job; the agent then saves the ping it would send next. A server without the extension answers
 * {@code {}}, which reads as a ping without an action or a job, and the agent pings as usual.
 */
public final class FinishAndPing {
  public static final String PING_PARAMETER = "ping";

  private FinishAndPing() {}
}
