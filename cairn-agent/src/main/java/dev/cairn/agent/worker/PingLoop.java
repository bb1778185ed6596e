package dev.cairn.agent.worker;

import dev.cairn.agent.api.AgentApiException;
import dev.cairn.agent.api.PingsClient;
import dev.cairn.agent.api.Timing;
import dev.cairn.protocol.LongPoll;
import dev.cairn.protocol.Ping;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the server for work until the worker stops (spec §2.4).
 *
 * <p>Pacing: without long poll, each ping waits {@code ping_interval} plus a jitter below one
 * interval; the first ping and the ping after a job wait only the jitter. With long poll the server
 * holds {@code ping?wait=N} until a job is assigned, so the next ping goes out at once — unless the
 * ping came back idle sooner than one interval (a server that ignores {@code wait}), in which case
 * the rest of the interval is waited, so the loop can never spin. Errors wait a full interval plus
 * jitter; a paused agent pings plainly at the interval. A non-retryable ping failure ends the loop
 * with that exception; {@code disconnect} ends it gracefully, and so does reaching the uptime limit
 * ({@code --disconnect-after-uptime}) between pings, never during a job, and not while paused (as
 * in the official agent, a pause defers it). A long poll never waits past that limit. A job's
 * finish may bring the answer to the next ping ({@link dev.cairn.protocol.FinishAndPing}); the loop
 * then acts on it as on a ping's, without sending one, and if it assigns nothing it long-polls at
 * once.
 */
final class PingLoop {
  static final int LONG_POLL_WAIT_SECONDS = Math.min(20, LongPoll.MAX_WAIT_SECONDS);
  private static final Logger LOG = LoggerFactory.getLogger(PingLoop.class);

  /**
   * What the loop does with an assigned job; returns when the job has finished, with the answer to
   * the next ping if the finish brought one.
   */
  @FunctionalInterface
  interface JobHandler {
    Optional<Ping> run(String jobId) throws InterruptedException;
  }

  private final Session session;
  private final boolean longPoll;
  private final Lifecycle lifecycle;
  private final Timing timing;
  private final PingsClient pings;
  private final Consumer<Boolean> pausedChanged;
  private boolean paused;

  /** The answer to the next ping that the last job's finish brought, not acted on yet. */
  private Ping answered;

  /**
   * {@code pausedChanged} hears {@code true} when the server pauses this agent, false on resume.
   */
  PingLoop(
      Session session,
      boolean longPoll,
      Lifecycle lifecycle,
      Timing timing,
      Consumer<Boolean> pausedChanged) {
    this.session = session;
    this.longPoll = longPoll;
    this.lifecycle = lifecycle;
    this.timing = timing;
    this.pausedChanged = pausedChanged;
    this.pings = new PingsClient(session.transport(), session.agentToken());
  }

  /**
   * Pings until stopped; {@code uptimeLimit}, when not null, is when the worker stops by itself.
   */
  void run(JobHandler jobs, Instant uptimeLimit) throws AgentApiException, InterruptedException {
    Duration delay = quickDelay();
    while (!lifecycle.stopping()) {
      Ping early = answered;
      answered = null;
      if (early == null) {
        timing.sleep(delay);
      }
      if (uptimeReached(uptimeLimit)) {
        LOG.info(
            "agent {}: reached its uptime limit (--disconnect-after-uptime), disconnecting",
            session.agentName());
        lifecycle.requestStop();
        return;
      }
      Instant sent = timing.clock().instant();
      Ping ping = early != null ? early : ping(longPollSeconds(uptimeLimit, sent));
      if (ping == null) {
        delay = fullDelay();
        continue;
      }
      delay = act(ping, sent, jobs, early != null);
    }
  }

  private boolean uptimeReached(Instant uptimeLimit) {
    return uptimeLimit != null && !paused && !timing.clock().instant().isBefore(uptimeLimit);
  }

  /** The long-poll wait: {@link #LONG_POLL_WAIT_SECONDS}, or less so as not to pass the limit. */
  private static int longPollSeconds(Instant uptimeLimit, Instant now) {
    if (uptimeLimit == null) {
      return LONG_POLL_WAIT_SECONDS;
    }
    long left = Duration.between(now, uptimeLimit).toSeconds() + 1;
    return (int) Math.max(1, Math.min(LONG_POLL_WAIT_SECONDS, left));
  }

  private Ping ping(int waitSeconds) throws AgentApiException, InterruptedException {
    try {
      return longPoll && !paused ? pings.longPoll(waitSeconds) : pings.ping();
    } catch (AgentApiException e) {
      if (!e.isRetryable()) {
        throw e;
      }
      LOG.warn("agent {}: ping failed, will try again: {}", session.agentName(), e.getMessage());
      return null;
    }
  }

  /** Acts on {@code ping}; {@code afterFinish}: it is the answer a job's finish brought. */
  private Duration act(Ping ping, Instant sent, JobHandler jobs, boolean afterFinish)
      throws InterruptedException {
    if (ping.message() != null && !ping.message().isBlank()) {
      LOG.info("agent {}: server says: {}", session.agentName(), ping.message());
    }
    String action = ping.action() == null ? "" : ping.action();
    if (action.equals(Ping.DISCONNECT)) {
      LOG.info("agent {}: server asked this agent to disconnect", session.agentName());
      lifecycle.requestStop();
      return Duration.ZERO;
    }
    if (action.equals(Ping.PAUSE)) {
      if (!paused) {
        LOG.info("agent {}: paused by the server", session.agentName());
        pausedChanged.accept(true);
      }
      paused = true;
      return fullDelay();
    }
    if (paused) {
      LOG.info("agent {}: resumed by the server", session.agentName());
      paused = false;
      pausedChanged.accept(false);
    }
    if (ping.job() != null && ping.job().id() != null) {
      answered = jobs.run(ping.job().id()).orElse(null);
      return quickDelay();
    }
    // Idle after a finish says only that no job was ready then: long-poll for one at once.
    return afterFinish ? Duration.ZERO : idleDelay(sent);
  }

  private Duration quickDelay() {
    return longPoll ? Duration.ZERO : timing.jitter(session.pingInterval());
  }

  private Duration fullDelay() {
    return session.pingInterval().plus(timing.jitter(session.pingInterval()));
  }

  private Duration idleDelay(Instant sent) {
    if (!longPoll) {
      return fullDelay();
    }
    Duration elapsed = Duration.between(sent, timing.clock().instant());
    Duration rest = session.pingInterval().minus(elapsed);
    return rest.isNegative() ? Duration.ZERO : rest;
  }
}
