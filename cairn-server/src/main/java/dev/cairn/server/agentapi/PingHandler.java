package dev.cairn.server.agentapi;

import dev.cairn.core.access.AgentRegistry;
import dev.cairn.core.dispatch.Dispatcher;
import dev.cairn.protocol.LongPoll;
import dev.cairn.protocol.Ping;
import dev.cairn.server.http.BadRequestException;
import dev.cairn.server.http.Replies;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code GET /v3/ping}: hands the agent a job if one matches. With Cairn's {@code ?wait=SECONDS}
 * extension the request is held (on its own virtual thread) until a job is assigned or the wait
 * ends, so a runnable job reaches an idle agent at once.
 */
final class PingHandler implements Handler {
  private final AgentRegistry registry;
  private final AgentAuth auth;
  private final Dispatcher dispatcher;

  PingHandler(AgentRegistry registry, AgentAuth auth, Dispatcher dispatcher) {
    this.registry = registry;
    this.auth = auth;
    this.dispatcher = dispatcher;
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res) {
    var agent = auth.agent(req, res);
    if (agent.isEmpty()) {
      return;
    }
    if (agent.get().lost()) {
      Replies.ok(
          res,
          Ping.disconnect(
              "this agent was marked lost after missing heartbeats; its jobs were ended. Restart it"
                  + " to register again."));
      return;
    }
    registry.heartbeat(agent.get());
    Optional<String> job;
    try {
      job = dispatcher.next(agent.get(), waitOf(req));
    } catch (InterruptedException stopping) {
      // The server is shutting down while this ping waits: answer idle; the agent pings again.
      Thread.currentThread().interrupt();
      job = Optional.empty();
    }
    Replies.ok(res, job.map(Ping::assign).orElseGet(Ping::idle));
  }

  private static Duration waitOf(ServerRequest req) {
    var wait = req.query().first(LongPoll.WAIT_PARAMETER);
    if (wait.isEmpty()) {
      return Duration.ZERO;
    }
    try {
      int seconds = Integer.parseInt(wait.get());
      return Duration.ofSeconds(Math.clamp(seconds, 0, LongPoll.MAX_WAIT_SECONDS));
    } catch (NumberFormatException e) {
      throw new BadRequestException("wait must be a whole number of seconds, got " + wait.get());
    }
  }
}
