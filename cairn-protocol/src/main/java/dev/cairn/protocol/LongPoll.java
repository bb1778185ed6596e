package dev.cairn.protocol;

/**
 * Cairn's documented extension of {@code GET /v3/ping}: an agent may add {@code ?wait=SECONDS} (at
 * most {@link #MAX_WAIT_SECONDS}) and the server holds the request until a job is assigned to it or
 * the wait ends. Agents that do not send it, like the official one, get the plain ping.
 */
public final class LongPoll {
  public static final String WAIT_PARAMETER = "wait";
  public static final int MAX_WAIT_SECONDS = 30;

  private LongPoll() {}
}
