package dev.cairn.server.agentapi;

import dev.cairn.core.job.Job;
import dev.cairn.core.orchestrate.JobLifecycle;
import dev.cairn.server.http.Credentials;
import dev.cairn.server.http.Replies;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;

/**
 * Finds the job a request is about and checks the caller may act for it (its job token, or the
 * token of the agent holding it); otherwise answers 404 or 401. A 401 is what the official agent
 * reads as "token revoked" and so stops the job.
 */
final class JobAccess {
  private final JobLifecycle jobs;
  private final AgentAuth auth;

  JobAccess(JobLifecycle jobs, AgentAuth auth) {
    this.jobs = jobs;
    this.auth = auth;
  }

  Optional<Job> job(ServerRequest req, ServerResponse res) {
    String jobId = req.path().pathParameters().get("id");
    Optional<String> token = Credentials.token(req);
    if (token.isEmpty()) {
      Replies.error(res, Status.UNAUTHORIZED_401, "missing access token");
      return Optional.empty();
    }
    Optional<Job> job = jobs.find(jobId);
    if (job.isEmpty()) {
      Replies.error(res, Status.NOT_FOUND_404, "no job " + jobId);
      return Optional.empty();
    }
    if (!jobs.authorizes(job.get(), token.get(), auth.agentOf(token.get()))) {
      Replies.error(res, Status.UNAUTHORIZED_401, "this token may not act for job " + jobId);
      return Optional.empty();
    }
    return job;
  }
}
