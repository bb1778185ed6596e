package dev.cairn.server.agentapi;

import dev.cairn.core.access.AgentRegistration;
import dev.cairn.core.access.AgentRegistry;
import dev.cairn.core.access.RegisteredAgent;
import dev.cairn.protocol.RegisterRequest;
import dev.cairn.protocol.RegisterResponse;
import dev.cairn.server.http.Credentials;
import dev.cairn.server.http.Replies;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/** {@code POST /v3/register}: a new agent, recognised by a registration token. */
final class RegisterHandler implements Handler {
  private final AgentRegistry registry;
  private final AgentIntervals intervals;

  RegisterHandler(AgentRegistry registry, AgentIntervals intervals) {
    this.registry = registry;
    this.intervals = intervals;
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res) {
    Optional<String> token = Credentials.token(req);
    RegisterRequest body = Replies.body(req, RegisterRequest.class, null);
    if (body == null) {
      Replies.error(res, Status.BAD_REQUEST_400, "register needs a JSON body");
      return;
    }
    List<String> tags = Objects.requireNonNullElse(body.metaData(), List.of());
    OptionalInt priority = priority(body.priority());
    if (priority.isEmpty()) {
      Replies.error(
          res,
          Status.BAD_REQUEST_400,
          "priority must be a whole number or empty, got '" + body.priority() + "'");
      return;
    }
    Optional<RegisteredAgent> registered =
        token.flatMap(t ->
            registry.register(
                t,
                new AgentRegistration(
                    body.name(),
                    Objects.requireNonNullElse(body.hostname(), ""),
                    Objects.requireNonNullElse(body.version(), ""),
                    tags,
                    Boolean.TRUE.equals(body.ignoreInDispatches()),
                    priority.getAsInt())));
    if (registered.isEmpty()) {
      Replies.error(res, Status.UNAUTHORIZED_401, "invalid or missing registration token");
      return;
    }
    RegisteredAgent agent = registered.get();
    Replies.ok(
        res,
        new RegisterResponse(
            agent.agent().id(),
            agent.agent().name(),
            agent.accessToken(),
            null,
            intervals.pingSeconds(),
            intervals.jobStatusSeconds(),
            intervals.heartbeatSeconds(),
            tags,
            null));
  }

  /** The wire's string priority: empty or absent is 0 (the official agent sends ""). */
  static OptionalInt priority(String wire) {
    if (wire == null || wire.isBlank()) {
      return OptionalInt.of(0);
    }
    try {
      return OptionalInt.of(Integer.parseInt(wire.strip()));
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }
}
