package dev.cairn.core.orchestrate;

import dev.cairn.core.build.BuildState;
import dev.cairn.core.decide.Command;
import dev.cairn.core.decide.TriggerPlan;
import dev.cairn.core.job.Job;
import dev.cairn.core.job.JobState;
import dev.cairn.core.job.JobType;
import dev.cairn.core.job.TriggerSpec;
import dev.cairn.core.job.TriggeredBuild;
import dev.cairn.core.plan.PlanException;
import dev.cairn.core.port.BuildStore;
import dev.cairn.core.port.BuildStore.JobRef;
import dev.cairn.core.port.BuildStore.TriggerLink;
import dev.cairn.core.port.LogStore;
import dev.cairn.core.port.MetaDataStore;
import dev.cairn.core.port.OrganizationStore;
import dev.cairn.pipeline.PipelineException;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs trigger jobs, which no agent ever sees: makes the build a scheduled trigger job asks for,
 * delivers a triggered build's result to the job waiting for it, and cancels triggered builds whose
 * trigger job was canceled.
 *
 * <p>Exactly once, and durable: the triggered build's id is derived from the trigger job's id, and
 * the store refuses a second build with that id (and a second build of one trigger job), so a
 * repeat after a crash, or a second server doing the same, finds the first build instead of making
 * another. Every step is read off stored state by {@link #sweep}, so whatever a crash interrupted
 * is finished by the next sweep, and the decider accepts each fact about a trigger job once.
 * Thread-safe; call {@link #sweep} periodically and whenever a build changes in a way that may
 * concern a trigger job.
 */
public final class Triggers {
  private static final Logger LOG = LoggerFactory.getLogger(Triggers.class);
  private static final int BATCH = 200;

  /** The source Buildkite gives a build made by a trigger step. */
  public static final String SOURCE = "trigger_job";

  private final OrganizationStore organizations;
  private final BuildStore store;
  private final Builds builds;
  private final BuildWriter writer;
  private final MetaDataStore metaData;
  private final LogStore logs;
  private final InstantSource clock;
  private final int maxDepth;

  /**
   * @param maxDepth how many builds deep a trigger chain may be (a build nobody triggered is 1)
   */
  public Triggers(
      OrganizationStore organizations,
      BuildStore store,
      Builds builds,
      BuildWriter writer,
      MetaDataStore metaData,
      LogStore logs,
      InstantSource clock,
      int maxDepth) {
    if (maxDepth < 1) {
      throw new IllegalArgumentException("the trigger depth limit must be at least 1");
    }
    this.organizations = organizations;
    this.store = store;
    this.builds = builds;
    this.writer = writer;
    this.metaData = metaData;
    this.logs = logs;
    this.clock = clock;
    this.maxDepth = maxDepth;
  }

  /** The id of the build trigger job {@code jobId} makes: the same on every attempt. */
  public static String triggeredBuildId(String jobId) {
    return UUID.nameUUIDFromBytes(("cairn trigger job " + jobId).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  /**
   * Does all the trigger work stored state asks for now; returns how many jobs it acted on. A job
   * whose work fails is logged and left for the next sweep, so it cannot hold up the others.
   */
  public int sweep() {
    int acted = 0;
    for (JobRef job : store.scheduledTriggerJobs(BATCH)) {
      acted += attempt(job.jobId(), () -> start(job));
    }
    for (TriggerLink link : store.finishedTriggeredBuilds(BATCH)) {
      acted +=
          attempt(
              link.jobId(),
              () ->
                  writer.execute(
                      link.buildId(),
                      new Command.FinishTrigger(
                          link.jobId(), link.triggeredBuildId(), link.triggeredState())));
    }
    for (TriggerLink link : store.triggeredBuildsToCancel(BATCH)) {
      acted +=
          attempt(
              link.jobId(),
              () ->
                  builds.cancel(
                      link.triggeredBuildId(), "trigger job " + link.jobId() + " was canceled"));
    }
    return acted;
  }

  /** Runs one job's work; 1 when it ran, 0 when it failed (logged, to be tried again). */
  private static int attempt(String jobId, Runnable work) {
    try {
      work.run();
      return 1;
    } catch (RuntimeException e) {
      LOG.warn("trigger work for job {} failed; the next sweep tries again", jobId, e);
      return 0;
    }
  }

  /** Makes the build of one scheduled trigger job (or finds the one made before) and reports it. */
  private void start(JobRef ref) {
    Optional<BuildState> parent = store.load(ref.buildId());
    Optional<Job> job = parent.flatMap(b -> b.job(ref.jobId()));
    if (job.isEmpty()
        || job.get().state() != JobState.SCHEDULED
        || job.get().spec().type() != JobType.TRIGGER) {
      return; // Moved on since the query.
    }
    Optional<TriggerSpec> spec = job.get().spec().details().trigger();
    if (spec.isEmpty()) {
      fail(ref, "the job has no trigger details; upload its step again");
      return;
    }
    String childId = triggeredBuildId(ref.jobId());
    Optional<BuildState> child = store.load(childId);
    if (child.isEmpty()) {
      try {
        child = create(parent.get(), job.get(), spec.get(), childId);
      } catch (TriggerRefused refused) {
        fail(ref, refused.getMessage());
        return;
      }
    }
    BuildState made = child.orElseThrow();
    var outcome =
        writer.execute(
            ref.buildId(),
            new Command.StartTrigger(
                ref.jobId(),
                new TriggeredBuild(
                    made.id(), made.created().number(), made.created().pipeline().slug())));
    if (outcome.isPresent() && !outcome.get().accepted()) {
      // Canceled while the build was made: the cancel sweep stops that build.
      LOG.info("trigger job {} did not take build {}: {}", ref.jobId(), made.id(), outcome.get());
    }
  }

  /** Creates the triggered build, or finds it when another attempt created it first. */
  private Optional<BuildState> create(BuildState parent, Job job, TriggerSpec spec, String childId)
      throws TriggerRefused {
    TriggerPlan plan =
        TriggerPlan.of(
            parent,
            job,
            organizations.pipeline(parent.created().organization(), spec.pipeline()),
            maxDepth);
    if (plan instanceof TriggerPlan.Refuse refuse) {
      throw new TriggerRefused(refuse.reason());
    }
    TriggerPlan.Create make = (TriggerPlan.Create) plan;
    if (!make.metaData().isEmpty()) {
      // Before the build exists, so its first jobs already see it; a repeat writes the same.
      metaData.put(childId, make.metaData(), clock.instant());
    }
    BuildRequest request =
        new BuildRequest(make.branch(), make.commit(), make.message(), make.env(), SOURCE);
    try {
      return Optional.of(builds.createTriggered(make.pipeline(), request, childId, make.from()));
    } catch (PipelineException | PlanException e) {
      throw new TriggerRefused(
          "cannot create a build of " + spec.pipeline() + ": " + e.getMessage());
    } catch (RuntimeException e) {
      // Another attempt (a second server) stored the build first: use that one.
      Optional<BuildState> existing = store.load(childId);
      if (existing.isPresent()) {
        return existing;
      }
      throw e;
    }
  }

  /** Fails the job with {@code reason}, which also goes to its log, where people look first. */
  private void fail(JobRef ref, String reason) {
    LOG.warn("trigger job {} of build {} failed: {}", ref.jobId(), ref.buildId(), reason);
    // A chunk at offset 0 is stored once, so a repeated failure does not repeat the line.
    logs.append(
        ref.jobId(),
        0,
        ("cairn: trigger failed: " + reason + "\n").getBytes(StandardCharsets.UTF_8));
    writer.execute(ref.buildId(), new Command.FailTrigger(ref.jobId(), reason));
  }

  /** Why a trigger job cannot make its build. */
  private static final class TriggerRefused extends Exception {
    private static final long serialVersionUID = 1L;

    TriggerRefused(String message) {
      super(message);
    }
  }
}
