package dev.cairn.server.agentapi;

import dev.cairn.core.orchestrate.JobIdentity;
import dev.cairn.core.orchestrate.Result;
import dev.cairn.server.http.Replies;
import dev.cairn.server.oidc.OidcIssuer;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Map;

/**
 * {@code POST jobs/{id}/oidc/tokens}: {@code buildkite-agent oidc request-token}. The core decides
 * the claims; the issuer signs them. {@code aws_session_tags} are accepted and ignored.
 */
final class OidcHandler implements Handler {
  private final JobIdentity identity;
  private final OidcIssuer issuer;
  private final JobAccess access;

  OidcHandler(JobIdentity identity, OidcIssuer issuer, JobAccess access) {
    this.identity = identity;
    this.issuer = issuer;
    this.access = access;
  }

  record Body(
      String audience,
      Long lifetime,
      List<String> claims,
      List<String> awsSessionTags,
      String subjectClaim) {}

  @Override
  public void handle(ServerRequest req, ServerResponse res) {
    var held = access.running(req, res);
    if (held.isEmpty()) {
      return;
    }
    Body body = Replies.body(req, Body.class, new Body(null, null, null, null, null));
    var request =
        new JobIdentity.Request(
            body.audience(),
            body.lifetime() == null ? 0 : body.lifetime(),
            body.claims() == null ? List.of() : body.claims(),
            body.subjectClaim());
    switch (identity.claims(held.get().build(), held.get().job(), request)) {
      case Result.Done<Map<String, Object>> d ->
          Replies.json(res, Status.CREATED_201, Map.of("token", issuer.sign(d.value())));
      case Result.NotFound<Map<String, Object>> n ->
          Replies.error(res, Status.NOT_FOUND_404, "no job");
      case Result.Refused<Map<String, Object>> r ->
          Replies.error(res, Status.UNPROCESSABLE_CONTENT_422, r.reason());
    }
  }
}
