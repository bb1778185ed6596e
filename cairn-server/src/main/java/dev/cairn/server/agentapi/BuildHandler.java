package dev.cairn.server.agentapi;

import dev.cairn.core.orchestrate.Builds;
import dev.cairn.server.http.Replies;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;

/**
 * {@code POST builds/{id}/cancel}: {@code buildkite-agent build cancel} from a job of the build.
 */
final class BuildHandler implements Handler {
  private final Builds builds;
  private final JobAccess access;

  BuildHandler(Builds builds, JobAccess access) {
    this.builds = builds;
    this.access = access;
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res) {
    var held = access.build(req, res, req.path().pathParameters().get("id"));
    if (held.isEmpty()) {
      return;
    }
    String buildId = held.get().build().id();
    if (held.get().build().status().isTerminal()) {
      Replies.error(res, Status.UNPROCESSABLE_CONTENT_422, "the build has finished");
      return;
    }
    builds.cancel(buildId, "job " + held.get().job().id());
    Replies.ok(res, Map.of("uuid", buildId));
  }
}
