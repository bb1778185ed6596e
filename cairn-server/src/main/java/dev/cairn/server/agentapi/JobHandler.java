package dev.cairn.server.agentapi;

import dev.cairn.core.job.Job;
import dev.cairn.core.orchestrate.JobEnvironment;
import dev.cairn.core.orchestrate.JobLifecycle;
import dev.cairn.core.orchestrate.Result;
import dev.cairn.protocol.JobFinish;
import dev.cairn.protocol.JobState;
import dev.cairn.server.http.BadRequestException;
import dev.cairn.server.http.Replies;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** A job's life as the agent drives it: accept, start, state polls, finish. */
final class JobHandler {
  /** Chunk size and flush interval the agent is told to use (spec §10.3). */
  static final long CHUNK_MAX_BYTES = 100 * 1024;

  static final long LOG_MAX_BYTES = 1024L * 1024 * 1024;

  private final JobLifecycle jobs;
  private final AgentAuth auth;
  private final JobAccess access;
  private final JobEnvironment environment;

  JobHandler(JobLifecycle jobs, AgentAuth auth, JobAccess access, JobEnvironment environment) {
    this.jobs = jobs;
    this.auth = auth;
    this.access = access;
    this.environment = environment;
  }

  void accept(ServerRequest req, ServerResponse res) {
    var agent = auth.agent(req, res);
    if (agent.isEmpty()) {
      return;
    }
    String jobId = req.path().pathParameters().get("id");
    switch (jobs.accept(agent.get(), jobId)) {
      case Result.Done<JobLifecycle.Accepted> done -> {
        Job job = done.value().job();
        Replies.ok(
            res,
            new dev.cairn.protocol.Job(
                job.id(),
                null,
                job.state().apiName(),
                environment.of(done.value().build(), job, agent.get()),
                step(job),
                null,
                CHUNK_MAX_BYTES,
                1,
                LOG_MAX_BYTES,
                done.value().token(),
                job.scheduledAt().map(Object::toString).orElse(null),
                0));
      }
      case Result.NotFound<JobLifecycle.Accepted> n ->
          Replies.error(res, Status.NOT_FOUND_404, "no job " + jobId);
      case Result.Refused<JobLifecycle.Accepted> r ->
          Replies.error(res, Status.UNPROCESSABLE_CONTENT_422, r.reason());
    }
  }

  private static Map<String, Object> step(Job job) {
    Map<String, Object> step = new LinkedHashMap<>();
    job.spec().stepKey().ifPresent(k -> step.put("key", k));
    step.put("label", job.spec().label());
    step.put("command", job.spec().command());
    step.put("env", job.spec().env());
    return step;
  }

  void start(ServerRequest req, ServerResponse res) {
    access.job(req, res).ifPresent(job -> reply(res, jobs.start(job.id())));
  }

  void state(ServerRequest req, ServerResponse res) {
    access.job(req, res).ifPresent(job -> Replies.ok(res, new JobState(job.state().apiName())));
  }

  void finish(ServerRequest req, ServerResponse res) {
    var job = access.job(req, res);
    if (job.isEmpty()) {
      return;
    }
    JobFinish body = Replies.body(req, JobFinish.class, null);
    if (body == null || body.exitStatus() == null) {
      throw new BadRequestException("finish needs a body with exit_status");
    }
    int exitStatus;
    try {
      exitStatus = Integer.parseInt(body.exitStatus().trim());
    } catch (NumberFormatException e) {
      throw new BadRequestException("exit_status must be an integer, got " + body.exitStatus());
    }
    reply(res, jobs.finish(job.get().id(), exitStatus, body.signal(), body.signalReason()));
  }

  private static void reply(ServerResponse res, Result<?> result) {
    switch (result) {
      case Result.Done<?> d -> Replies.ok(res, Map.of());
      case Result.NotFound<?> n -> Replies.error(res, Status.NOT_FOUND_404, "no such job");
      case Result.Refused<?> r -> Replies.error(res, Status.UNPROCESSABLE_CONTENT_422, r.reason());
    }
  }
}
