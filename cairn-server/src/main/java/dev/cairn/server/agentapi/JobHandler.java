package dev.cairn.server.agentapi;

import dev.cairn.core.access.AgentRegistry;
import dev.cairn.core.agent.AgentRecord;
import dev.cairn.core.job.Job;
import dev.cairn.core.orchestrate.JobEnvironment;
import dev.cairn.core.orchestrate.JobLifecycle;
import dev.cairn.core.orchestrate.JobLifecycle.Acquisition;
import dev.cairn.core.orchestrate.Result;
import dev.cairn.core.orchestrate.StepAttributes;
import dev.cairn.protocol.AcceptAndStart;
import dev.cairn.protocol.FinishAndPing;
import dev.cairn.protocol.JobFinish;
import dev.cairn.protocol.JobState;
import dev.cairn.server.http.BadRequestException;
import dev.cairn.server.http.Replies;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A job's life as the agent drives it: accept (after a ping) or acquire (by id, for {@code
 * --acquire-job}), start, state polls, {@code job update}, finish.
 */
final class JobHandler {
  /**
   * The largest log chunk the agent is told to send (spec §10.3: the server's choice; 100 KiB to 1
   * MiB). 1 MiB rather than Buildkite's 100 KiB: a job printing fast then costs a tenth of the
   * uploads, which is most of what streaming costs the agent (bench/run.sh agent: 32 to 14 ns of
   * agent CPU per log byte) and of what storing costs the server, while a slow job's log still goes
   * up every flush interval, in chunks of what it printed. Both agents honour the value.
   */
  static final long CHUNK_MAX_BYTES = 1024 * 1024;

  static final long LOG_MAX_BYTES = 1024L * 1024 * 1024;

  /** Seconds an acquiring agent is told to wait before asking again for a job still waiting. */
  static final int ACQUIRE_RETRY_AFTER_SECONDS = 5;

  private final JobLifecycle jobs;
  private final AgentRegistry registry;
  private final AgentAuth auth;
  private final JobAccess access;
  private final JobEnvironment environment;
  private final StepAttributes attributes;
  private final PingAnswers pings;

  JobHandler(
      JobLifecycle jobs,
      AgentRegistry registry,
      AgentAuth auth,
      JobAccess access,
      JobEnvironment environment,
      StepAttributes attributes,
      PingAnswers pings) {
    this.jobs = jobs;
    this.registry = registry;
    this.auth = auth;
    this.access = access;
    this.environment = environment;
    this.attributes = attributes;
    this.pings = pings;
  }

  void accept(ServerRequest req, ServerResponse res) {
    var agent = auth.agent(req, res);
    if (agent.isEmpty()) {
      return;
    }
    String jobId = req.path().pathParameters().get("id");
    boolean start =
        req.query().first(AcceptAndStart.START_PARAMETER).map("true"::equals).orElse(false);
    Result<JobLifecycle.Accepted> accepted =
        start ? jobs.acceptAndStart(agent.get(), jobId) : jobs.accept(agent.get(), jobId);
    switch (accepted) {
      case Result.Done<JobLifecycle.Accepted> done ->
          Replies.ok(res, payload(done.value(), agent.get()));
      case Result.NotFound<JobLifecycle.Accepted> n ->
          Replies.error(res, Status.NOT_FOUND_404, "no job " + jobId);
      case Result.Refused<JobLifecycle.Accepted> r ->
          Replies.error(res, Status.UNPROCESSABLE_CONTENT_422, r.reason());
    }
  }

  /**
   * {@code PUT jobs/{id}/acquire}: 423 with {@code Retry-After} while the job waits on its
   * dependencies (the agent retries), 422 once it is taken, finished or canceled (the agent gives
   * up), the job otherwise.
   */
  void acquire(ServerRequest req, ServerResponse res) {
    var agent = auth.agent(req, res);
    if (agent.isEmpty()) {
      return;
    }
    String jobId = req.path().pathParameters().get("id");
    switch (jobs.acquire(agent.get(), jobId)) {
      case Acquisition.Acquired a -> Replies.ok(res, payload(a.accepted(), agent.get()));
      case Acquisition.Locked l -> {
        res.header(HeaderNames.RETRY_AFTER, Integer.toString(ACQUIRE_RETRY_AFTER_SECONDS));
        Replies.error(res, Status.LOCKED_423, l.reason());
      }
      case Acquisition.Rejected r ->
          Replies.error(res, Status.UNPROCESSABLE_CONTENT_422, r.reason());
      case Acquisition.Missing m -> Replies.error(res, Status.NOT_FOUND_404, "no job " + jobId);
    }
  }

  private dev.cairn.protocol.Job payload(JobLifecycle.Accepted accepted, AgentRecord agent) {
    Job job = accepted.job();
    return new dev.cairn.protocol.Job(
        job.id(),
        null,
        job.state().apiName(),
        env(accepted, agent),
        step(job),
        job.spec().details().matrix().isEmpty() ? null : job.spec().details().matrix(),
        CHUNK_MAX_BYTES,
        1,
        LOG_MAX_BYTES,
        accepted.token(),
        job.scheduledAt().map(Object::toString).orElse(null),
        job.spec().details().priority());
  }

  /** The job's environment, with its plugins as the JSON array agents read. */
  private Map<String, String> env(JobLifecycle.Accepted accepted, AgentRecord agent) {
    Map<String, String> env = environment.of(accepted.build(), accepted.job(), agent);
    List<Map<String, Object>> plugins = accepted.job().spec().details().plugins();
    if (!plugins.isEmpty()) {
      try {
        env.put("BUILDKITE_PLUGINS", Replies.mapper().writeValueAsString(plugins));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(
            "plugins of job " + accepted.job().id() + " are not JSON", e);
      }
    }
    return env;
  }

  /**
   * The step as uploaded, which agents use for signature checks, secrets and plugins; steps from
   * before the full model was stored fall back to the basic attributes.
   */
  private static Map<String, Object> step(Job job) {
    if (!job.spec().details().attributes().isEmpty()) {
      return job.spec().details().attributes();
    }
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

  /** {@code PUT jobs/{id}}: {@code job update}, a flat map of attribute to value. */
  @SuppressWarnings("unchecked")
  void update(ServerRequest req, ServerResponse res) {
    var held = access.running(req, res);
    if (held.isEmpty()) {
      return;
    }
    Map<String, Object> body = Replies.body(req, Map.class, Map.of());
    Map<String, String> changes = new LinkedHashMap<>();
    body.forEach((k, v) -> changes.put(k, v == null ? "" : String.valueOf(v)));
    if (changes.isEmpty()) {
      throw new BadRequestException("job update needs at least one attribute");
    }
    switch (attributes.updateJob(held.get().build(), held.get().job(), changes)) {
      case Result.Done<Map<String, String>> d -> {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("id", held.get().job().id());
        reply.putAll(d.value());
        Replies.ok(res, reply);
      }
      case Result.NotFound<Map<String, String>> n ->
          Replies.error(res, Status.NOT_FOUND_404, "no such job");
      case Result.Refused<Map<String, String>> r ->
          Replies.error(res, Status.UNPROCESSABLE_CONTENT_422, r.reason());
    }
  }

  /**
   * {@code PUT jobs/{id}/finish}. With {@code ignore_agent_in_dispatches} (the agent runs with
   * {@code --disconnect-after-job}) the agent is marked before the job finishes, so no ping in
   * between can hand it another job.
   */
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
    if (Boolean.TRUE.equals(body.ignoreAgentInDispatches())) {
      job.get().agentId().ifPresent(registry::ignoreInDispatches);
    }
    Result<?> finished =
        jobs.finish(job.get().id(), exitStatus, body.signal(), body.signalReason());
    boolean ping =
        req.query().first(FinishAndPing.PING_PARAMETER).map("true"::equals).orElse(false);
    Optional<AgentRecord> agent =
        ping && finished instanceof Result.Done<?>
            ? job.get().agentId().flatMap(registry::byId).filter(AgentRecord::connected)
            : Optional.empty();
    if (agent.isPresent()) {
      // The agent's next ping, answered now: its job token is proof enough that the caller is
      // the agent (or the job it ran), and a job assigned here that the agent never hears of is
      // found again by its next ping, as any assigned and not yet accepted job is. An agent that
      // disconnected meanwhile gets the plain answer, so nothing is assigned to it after its
      // departure settled its jobs.
      Replies.ok(res, pings.answer(agent.get(), Duration.ZERO));
      return;
    }
    reply(res, finished);
  }

  private static void reply(ServerResponse res, Result<?> result) {
    switch (result) {
      case Result.Done<?> d -> Replies.ok(res, Map.of());
      case Result.NotFound<?> n -> Replies.error(res, Status.NOT_FOUND_404, "no such job");
      case Result.Refused<?> r -> Replies.error(res, Status.UNPROCESSABLE_CONTENT_422, r.reason());
    }
  }
}
