package dev.cairn.agent.api;

import dev.cairn.protocol.LongPoll;
import dev.cairn.protocol.Ping;
import java.time.Duration;

/**
 * {@code GET ping} (spec §2.4), optionally with Cairn's long-poll extension {@code ?wait=N}, where
 * the call's timeout is the wait plus ten seconds. Bound to one agent's access token. Thread-safe.
 */
public final class PingsClient {
  private static final Duration LONG_POLL_MARGIN = Duration.ofSeconds(10);

  private final ApiTransport transport;
  private final String agentToken;

  public PingsClient(ApiTransport transport, String agentToken) {
    this.transport = transport;
    this.agentToken = agentToken;
  }

  /** A plain ping, answered at once. */
  public Ping ping() throws AgentApiException, InterruptedException {
    return replay(
        transport.json("GET", "ping", agentToken, null, Ping.class, ApiTransport.DEFAULT_TIMEOUT));
  }

  /** A ping the server may hold for up to {@code waitSeconds} until a job is assigned. */
  public Ping longPoll(int waitSeconds) throws AgentApiException, InterruptedException {
    if (waitSeconds < 1 || waitSeconds > LongPoll.MAX_WAIT_SECONDS) {
      throw new IllegalArgumentException(
          "waitSeconds must be in [1, " + LongPoll.MAX_WAIT_SECONDS + "], got " + waitSeconds);
    }
    String path = "ping?" + LongPoll.WAIT_PARAMETER + "=" + waitSeconds;
    Duration timeout = Duration.ofSeconds(waitSeconds).plus(LONG_POLL_MARGIN);
    return replay(transport.json("GET", path, agentToken, null, Ping.class, timeout));
  }

  private Ping replay(Ping ping) {
    if (ping != null) {
      transport.replayHeaders(ping.requestHeaders());
    }
    return ping;
  }
}
