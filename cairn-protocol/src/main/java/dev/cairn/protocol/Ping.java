package dev.cairn.protocol;

import java.util.Map;

/**
 * The reply to {@code GET /v3/ping}. {@code action} is {@code idle}, {@code pause} or {@code
 * disconnect}; {@code job} is set when a job is assigned to the pinging agent, which then accepts
 * it.
 */
public record Ping(
    String action,
    String message,
    JobRef job,
    String endpoint,
    Map<String, String> requestHeaders) {

  public static final String IDLE = "idle";
  public static final String PAUSE = "pause";
  public static final String DISCONNECT = "disconnect";

  public static Ping idle() {
    return new Ping(IDLE, null, null, null, null);
  }

  public static Ping disconnect(String message) {
    return new Ping(DISCONNECT, message, null, null, null);
  }

  public static Ping assign(String jobId) {
    return new Ping(IDLE, null, new JobRef(jobId), null, null);
  }

  /** A reference to a job by id, as the ping carries it. */
  public record JobRef(String id) {}
}
