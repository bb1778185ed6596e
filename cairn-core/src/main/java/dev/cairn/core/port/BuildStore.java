package dev.cairn.core.port;

import dev.cairn.core.build.BuildEvent;
import dev.cairn.core.build.BuildState;
import dev.cairn.core.build.BuildStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where build histories live. Appending events and updating the projections that queries and
 * dispatch read (the build and its jobs) happen in one transaction, so they never disagree.
 *
 * <p>Implementations must be thread-safe.
 */
public interface BuildStore {

  /** Stores a new build: {@code events} starts with its {@code BuildCreated}. */
  void create(List<BuildEvent> events, BuildState state);

  /**
   * Appends {@code events} to the build's history if it still has the version {@code before} was
   * read at, and records {@code after} as its projection.
   *
   * @throws VersionConflictException when another writer appended first
   */
  void append(BuildState before, List<BuildEvent> events, BuildState after);

  Optional<BuildState> load(String buildId);

  /** The whole history, in order. */
  List<BuildEvent> history(String buildId);

  Optional<String> findBuildId(String organization, String pipelineSlug, long number);

  Optional<String> buildIdOfJob(String jobId);

  /** Scheduled jobs in dispatch order (oldest first), at most {@code limit}, for agents to take. */
  List<RunnableJob> scheduledJobs(int limit);

  /** The job held by an agent that has not accepted it yet, if any. */
  Optional<String> jobAssignedTo(String agentId);

  /**
   * Jobs held by agents whose timeout deadline is at or before {@code now}, at most {@code limit}.
   */
  List<JobRef> jobsPastTimeout(Instant now, int limit);

  /** Jobs scheduled at or before {@code cutoff} and still not taken, at most {@code limit}. */
  List<JobRef> jobsScheduledBefore(Instant cutoff, int limit);

  /** Jobs an agent holds (assigned, accepted, running, canceling, timing out). */
  List<JobRef> jobsHeldBy(String agentId);

  /** Scheduled trigger jobs, oldest first, at most {@code limit}: the server makes their builds. */
  List<JobRef> scheduledTriggerJobs(int limit);

  /**
   * Trigger jobs still waiting for their build (running or canceling) whose build has ended, at
   * most {@code limit}: the results to deliver.
   */
  List<TriggerLink> finishedTriggeredBuilds(int limit);

  /**
   * Builds still going (and not yet canceling) whose trigger job is canceled or being canceled, at
   * most {@code limit}: the builds to cancel.
   */
  List<TriggerLink> triggeredBuildsToCancel(int limit);

  /** A trigger job, its build, and the build it triggered with that build's state. */
  record TriggerLink(
      String jobId, String buildId, String triggeredBuildId, BuildStatus triggeredState) {}

  /** A job and the build it belongs to. */
  record JobRef(String jobId, String buildId) {}

  /** A scheduled job as dispatch sees it. */
  record RunnableJob(String jobId, String buildId, Map<String, String> agentQuery) {}
}
