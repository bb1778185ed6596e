package dev.cairn.server.agentapi;

import dev.cairn.core.orchestrate.Secrets;
import dev.cairn.server.http.BadRequestException;
import dev.cairn.server.http.Replies;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET jobs/{id}/secrets?key=}: {@code buildkite-agent secret get} and the secrets a step
 * declares. Answers {@code {"key","value","uuid"}}, or 404. The value is written to the reply only,
 * never to a log or a message.
 */
final class SecretHandler implements Handler {
  private final Secrets secrets;
  private final JobAccess access;

  SecretHandler(Secrets secrets, JobAccess access) {
    this.secrets = secrets;
    this.access = access;
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res) {
    var held = access.running(req, res);
    if (held.isEmpty()) {
      return;
    }
    String key =
        req.query()
            .first("key")
            .orElseThrow(() -> new BadRequestException("secrets needs the query parameter key"));
    secrets
        .forJob(held.get().build(), key)
        .ifPresentOrElse(
            stored -> {
              Map<String, String> reply = new LinkedHashMap<>();
              reply.put("key", key);
              reply.put("value", stored.value().reveal());
              reply.put("uuid", stored.id());
              Replies.ok(res, reply);
            },
            () -> Replies.error(res, Status.NOT_FOUND_404, "no secret " + key));
  }
}
