package dev.cairn.core.orchestrate;

import dev.cairn.core.access.Tokens;
import dev.cairn.core.agent.AgentRecord;
import dev.cairn.core.build.BuildState;
import dev.cairn.core.decide.Command;
import dev.cairn.core.job.Job;
import dev.cairn.core.job.JobState;
import dev.cairn.core.port.BuildStore;
import dev.cairn.core.port.LogStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What agents do to the jobs they hold: accept, start, stream logs, finish. Every change goes
 * through the decider via {@link BuildWriter}. Thread-safe.
 */
public final class JobLifecycle {
  private final BuildStore store;
  private final BuildWriter writer;
  private final LogStore logs;

  public JobLifecycle(BuildStore store, BuildWriter writer, LogStore logs) {
    this.store = store;
    this.writer = writer;
    this.logs = logs;
  }

  /** An accepted job, with the job token the agent uses from now on (shown only this once). */
  public record Accepted(BuildState build, Job job, String token) {
    @Override
    public String toString() {
      return "Accepted[job=" + job.id() + ", token=***]";
    }
  }

  /** Accepts an assigned job for {@code agent}, or says why not. */
  public Result<Accepted> accept(AgentRecord agent, String jobId) {
    String token = Tokens.generate("cairn_job");
    return run(jobId, new Command.AcceptJob(jobId, agent.id(), Tokens.hash(token)))
        .map(o -> new Accepted(o.state(), o.state().job(jobId).orElseThrow(), token));
  }

  /**
   * Accepts an assigned job for {@code agent} and starts it, in one append (Cairn's {@code
   * accept?start=true}): the agent saves the separate {@code start} call and its write. All or
   * nothing: a refused accept starts nothing.
   */
  public Result<Accepted> acceptAndStart(AgentRecord agent, String jobId) {
    String token = Tokens.generate("cairn_job");
    return run(
            jobId,
            List.of(
                new Command.AcceptJob(jobId, agent.id(), Tokens.hash(token)),
                new Command.StartJob(jobId)))
        .map(o -> new Accepted(o.state(), o.state().job(jobId).orElseThrow(), token));
  }

  /** The answer to {@code acquire}: the job, or why not now, or why never. */
  public sealed interface Acquisition {
    record Acquired(Accepted accepted) implements Acquisition {}

    /** The job waits on its dependencies; the agent should ask again later (HTTP 423). */
    record Locked(String reason) implements Acquisition {}

    /** Taken by another agent, finished, canceled, or not for this agent (HTTP 422). */
    record Rejected(String reason) implements Acquisition {}

    record Missing() implements Acquisition {}
  }

  /**
   * Takes a named job for {@code agent} ({@code buildkite-agent start --acquire-job}): assigns it
   * and accepts it in one call. An agent repeating its acquire (a lost reply) gets the job again,
   * with a new token. The agent's tags are not checked: whoever launched it for this job chose it.
   */
  public Acquisition acquire(AgentRecord agent, String jobId) {
    Optional<Job> job = find(jobId);
    if (job.isEmpty()) {
      return new Acquisition.Missing();
    }
    JobState state = job.get().state();
    if (state == JobState.WAITING) {
      return new Acquisition.Locked("job " + jobId + " is waiting on its dependencies");
    }
    if (state == JobState.SCHEDULED) {
      Result<BuildWriter.Outcome> assigned =
          run(jobId, new Command.AssignJob(jobId, agent.id(), agent.name()));
      if (assigned instanceof Result.Refused<BuildWriter.Outcome> r) {
        return new Acquisition.Rejected(r.reason());
      }
    }
    return switch (accept(agent, jobId)) {
      case Result.Done<Accepted> d -> new Acquisition.Acquired(d.value());
      case Result.NotFound<Accepted> n -> new Acquisition.Missing();
      case Result.Refused<Accepted> r -> new Acquisition.Rejected(r.reason());
    };
  }

  public Result<BuildState> start(String jobId) {
    return run(jobId, new Command.StartJob(jobId)).map(BuildWriter.Outcome::state);
  }

  public Result<BuildState> finish(
      String jobId, int exitStatus, String signal, String signalReason) {
    return run(jobId, new Command.FinishJob(jobId, exitStatus, signal, signalReason))
        .map(BuildWriter.Outcome::state);
  }

  public void appendLog(String jobId, long offset, byte[] bytes) {
    logs.append(jobId, offset, bytes);
  }

  /** Records when the log's section headers were printed (agents v3 without ANSI timestamps). */
  public void headerTimes(String jobId, Map<Long, Instant> times) {
    logs.putHeaderTimes(jobId, times);
  }

  public List<Instant> headerTimes(String jobId) {
    return logs.headerTimes(jobId);
  }

  public Optional<Job> find(String jobId) {
    return buildOf(jobId).flatMap(b -> b.job(jobId));
  }

  /** The build a job belongs to, as it is now. */
  public Optional<BuildState> buildOf(String jobId) {
    return store.buildIdOfJob(jobId).flatMap(store::load);
  }

  public Optional<BuildState> build(String buildId) {
    return store.load(buildId);
  }

  /**
   * True when {@code token} may act for the job: the job's own token while an agent holds it, or
   * the access token of the agent it is assigned to (agents that do not use job tokens).
   */
  public boolean authorizes(Job job, String token, Optional<AgentRecord> bearerAgent) {
    if (job.tokenHash().isPresent()
        && job.tokenHash().get().equals(Tokens.hash(token))
        && job.state().isHeldByAgent()) {
      return true;
    }
    return bearerAgent.isPresent() && job.agentId().equals(Optional.of(bearerAgent.get().id()));
  }

  private Result<BuildWriter.Outcome> run(String jobId, Command command) {
    return run(jobId, List.of(command));
  }

  private Result<BuildWriter.Outcome> run(String jobId, List<Command> commands) {
    Optional<String> buildId = store.buildIdOfJob(jobId);
    if (buildId.isEmpty()) {
      return new Result.NotFound<>();
    }
    Optional<BuildWriter.Outcome> outcome = writer.executeAll(buildId.get(), commands);
    if (outcome.isEmpty()) {
      return new Result.NotFound<>();
    }
    if (outcome.get().decision() instanceof dev.cairn.core.decide.Decision.Rejected r) {
      return new Result.Refused<>(r.reason());
    }
    return new Result.Done<>(outcome.get());
  }
}
