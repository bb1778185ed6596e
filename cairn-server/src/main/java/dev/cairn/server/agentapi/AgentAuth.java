package dev.cairn.server.agentapi;

import dev.cairn.core.access.AgentRegistry;
import dev.cairn.core.agent.AgentRecord;
import dev.cairn.server.http.Credentials;
import dev.cairn.server.http.Replies;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;

/** Recognises the agent behind a request by its access token, or answers 401. */
final class AgentAuth {
  private final AgentRegistry registry;

  AgentAuth(AgentRegistry registry) {
    this.registry = registry;
  }

  Optional<AgentRecord> agent(ServerRequest req, ServerResponse res) {
    Optional<AgentRecord> agent = Credentials.token(req).flatMap(registry::authenticate);
    if (agent.isEmpty()) {
      Replies.error(res, Status.UNAUTHORIZED_401, "invalid or missing agent access token");
    }
    return agent;
  }

  /** The agent a token belongs to, without answering (the token may be a job token instead). */
  Optional<AgentRecord> agentOf(String token) {
    return registry.authenticate(token);
  }
}
