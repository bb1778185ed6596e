package dev.cairn.server.agentapi;

import dev.cairn.core.build.BuildState;
import dev.cairn.core.job.Job;
import dev.cairn.core.orchestrate.JobLifecycle;
import dev.cairn.server.http.Credentials;
import dev.cairn.server.http.Replies;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;

/**
 * Finds the job (or build) a request is about and checks the caller may act for it: the job's own
 * token while the job is held by an agent, or the token of the agent holding it; otherwise answers
 * 404 or 401. A 401 is what the official agent reads as "token revoked" and so stops the job. Every
 * job- and build-scoped endpoint goes through here.
 */
final class JobAccess {
  private final JobLifecycle jobs;
  private final AgentAuth auth;

  JobAccess(JobLifecycle jobs, AgentAuth auth) {
    this.jobs = jobs;
    this.auth = auth;
  }

  /** The job a caller acts for, and its build as it is now. */
  record Held(BuildState build, Job job) {}

  /** The job named by the path parameter {@code id}. */
  Optional<Job> job(ServerRequest req, ServerResponse res) {
    return held(req, res).map(Held::job);
  }

  /** Like {@link #job}, with the job's build. */
  Optional<Held> held(ServerRequest req, ServerResponse res) {
    String jobId = req.path().pathParameters().get("id");
    Optional<String> token = token(req, res);
    if (token.isEmpty()) {
      return Optional.empty();
    }
    Optional<BuildState> build = jobs.buildOf(jobId);
    Optional<Job> job = build.flatMap(b -> b.job(jobId));
    if (job.isEmpty()) {
      Replies.error(res, Status.NOT_FOUND_404, "no job " + jobId);
      return Optional.empty();
    }
    // The job's own token is checked first: only another token needs the agent looked up.
    if (!jobs.authorizes(job.get(), token.get(), Optional.empty())
        && !jobs.authorizes(job.get(), token.get(), auth.agentOf(token.get()))) {
      Replies.error(res, Status.UNAUTHORIZED_401, "this token may not act for job " + jobId);
      return Optional.empty();
    }
    return Optional.of(new Held(build.get(), job.get()));
  }

  /**
   * Like {@link #held}, for the calls a job makes while it runs (meta-data, artifacts, annotations,
   * tokens, secrets, steps): once the job is over even the agent's own token is refused.
   */
  Optional<Held> running(ServerRequest req, ServerResponse res) {
    Optional<Held> held = held(req, res);
    if (held.isPresent() && !held.get().job().state().isHeldByAgent()) {
      Replies.error(
          res, Status.UNAUTHORIZED_401, "job " + held.get().job().id() + " is no longer running");
      return Optional.empty();
    }
    return held;
  }

  /**
   * The build {@code buildId} with the caller's job in it: a job token (or agent token) reaches a
   * build only through a job of that build it may act for.
   */
  Optional<Held> build(ServerRequest req, ServerResponse res, String buildId) {
    Optional<String> token = token(req, res);
    if (token.isEmpty()) {
      return Optional.empty();
    }
    Optional<BuildState> build = buildId == null ? Optional.empty() : jobs.build(buildId);
    if (build.isEmpty()) {
      Replies.error(res, Status.NOT_FOUND_404, "no build " + buildId);
      return Optional.empty();
    }
    var agent = auth.agentOf(token.get());
    // Only the few jobs agents hold can be the caller; checking them first spares hashing the
    // token once for every other job of a big build.
    Optional<Job> caller =
        build.get().jobList().stream()
            .filter(j -> j.state().isHeldByAgent())
            .filter(j -> jobs.authorizes(j, token.get(), agent))
            .findFirst();
    if (caller.isEmpty()) {
      Replies.error(res, Status.UNAUTHORIZED_401, "this token may not act for build " + buildId);
      return Optional.empty();
    }
    return Optional.of(new Held(build.get(), caller.get()));
  }

  private static Optional<String> token(ServerRequest req, ServerResponse res) {
    Optional<String> token = Credentials.token(req);
    if (token.isEmpty()) {
      Replies.error(res, Status.UNAUTHORIZED_401, "missing access token");
    }
    return token;
  }
}
