package dev.cairn.server.agentapi;

import dev.cairn.core.access.AgentRegistry;
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

  ConnectionHandler(AgentRegistry registry, AgentAuth auth) {
    this.registry = registry;
    this.auth = auth;
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
          registry.connected(agent, false);
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
