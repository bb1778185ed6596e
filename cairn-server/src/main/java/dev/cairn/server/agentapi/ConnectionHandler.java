package dev.cairn.server.agentapi;

import dev.cairn.core.access.AgentRegistry;
import dev.cairn.core.dispatch.Dispatcher;
import dev.cairn.core.orchestrate.AgentDeparture;
import dev.cairn.protocol.Heartbeat;
import dev.cairn.server.http.Replies;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.util.Map;

/** The agent's connection: {@code connect}, {@code disconnect} and {@code heartbeat}. */
final class ConnectionHandler {
  private final AgentRegistry registry;
  private final AgentAuth auth;
  private final Dispatcher dispatcher;
  private final AgentDeparture departure;

  ConnectionHandler(
      AgentRegistry registry, AgentAuth auth, Dispatcher dispatcher, AgentDeparture departure) {
    this.registry = registry;
    this.auth = auth;
    this.dispatcher = dispatcher;
    this.departure = departure;
  }

  void connect(ServerRequest req, ServerResponse res) {
    auth.agent(req, res)
        .ifPresent(agent -> {
          registry.connected(agent, true);
          Replies.ok(res, Map.of("id", agent.id(), "connection_state", "connected"));
        });
  }

  void disconnect(ServerRequest req, ServerResponse res) {
    auth.agent(req, res)
        .ifPresent(agent -> {
          // In this order: once it is marked disconnected no poll keeps a job assigned to it
          // (see Dispatcher), so the jobs found after that are all it will ever hold.
          registry.connected(agent, false);
          dispatcher.stopWaiting(agent.id());
          departure.settle(agent.id(), "disconnected");
          Replies.ok(res, Map.of("id", agent.id(), "connection_state", "disconnected"));
        });
  }

  void heartbeat(ServerRequest req, ServerResponse res) {
    auth.agent(req, res)
        .ifPresent(agent -> {
          Heartbeat beat = Replies.body(req, Heartbeat.class, new Heartbeat(null, null));
          registry.heartbeat(agent);
          Replies.ok(res, new Heartbeat(beat.sentAt(), Instant.now().toString()));
        });
  }
}
