package dev.cairn.core.orchestrate;

import dev.cairn.core.build.BuildEvent;
import dev.cairn.core.build.BuildEvent.BuildCreated;
import dev.cairn.core.build.BuildEvent.PipelineRef;
import dev.cairn.core.build.BuildEvent.TriggeredFrom;
import dev.cairn.core.build.BuildState;
import dev.cairn.core.decide.Command;
import dev.cairn.core.decide.Decider;
import dev.cairn.core.decide.Decision;
import dev.cairn.core.job.JobSpec;
import dev.cairn.core.org.PipelineDefinition;
import dev.cairn.core.plan.PlanException;
import dev.cairn.core.plan.StepPlanner;
import dev.cairn.core.port.BuildStore;
import dev.cairn.core.port.IdGenerator;
import dev.cairn.core.port.OrganizationStore;
import dev.cairn.pipeline.BuildContext;
import dev.cairn.pipeline.Pipeline;
import dev.cairn.pipeline.PipelineException;
import dev.cairn.pipeline.PipelineParser;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Creating, finding and canceling builds. Thread-safe. */
public final class Builds {
  private final OrganizationStore organizations;
  private final BuildStore store;
  private final BuildWriter writer;
  private final IdGenerator ids;
  private final InstantSource clock;
  private final int uploadLimit;
  private final Decider decider = new Decider();

  public Builds(
      OrganizationStore organizations,
      BuildStore store,
      BuildWriter writer,
      IdGenerator ids,
      InstantSource clock) {
    this(organizations, store, writer, ids, clock, Command.AddJobs.DEFAULT_UPLOAD_LIMIT);
  }

  /** Builds whose {@code pipeline upload}s are refused past {@code uploadLimit} per build. */
  public Builds(
      OrganizationStore organizations,
      BuildStore store,
      BuildWriter writer,
      IdGenerator ids,
      InstantSource clock,
      int uploadLimit) {
    this.organizations = organizations;
    this.store = store;
    this.writer = writer;
    this.ids = ids;
    this.clock = clock;
    this.uploadLimit = uploadLimit;
  }

  /**
   * Creates a build of {@code pipeline} from its configuration, interpolated against the build's
   * variables known at creation ({@link ConfiguredStepsEnv}).
   *
   * @throws PipelineException when the pipeline's steps cannot be read
   * @throws PlanException when the steps cannot be planned into jobs
   */
  public BuildState create(PipelineDefinition pipeline, BuildRequest request)
      throws PipelineException, PlanException {
    return create(pipeline, request, ids.newId(), Optional.empty());
  }

  /**
   * Creates the build a trigger job asks for, under {@code buildId}, which the caller derives from
   * the trigger job so that a second attempt collides with the first instead of making a second
   * build.
   *
   * @throws PipelineException when the pipeline's steps cannot be read
   * @throws PlanException when the steps cannot be planned into jobs
   */
  public BuildState createTriggered(
      PipelineDefinition pipeline, BuildRequest request, String buildId, TriggeredFrom from)
      throws PipelineException, PlanException {
    return create(pipeline, request, buildId, Optional.of(from));
  }

  private BuildState create(
      PipelineDefinition pipeline,
      BuildRequest request,
      String buildId,
      Optional<TriggeredFrom> from)
      throws PipelineException, PlanException {
    // Stored steps are interpolated now, as Buildkite does for its YAML steps editor; uploads are
    // not (the agent already did).
    Pipeline steps =
        PipelineParser.parse(
            pipeline.slug() + "/pipeline.yml",
            pipeline.configuration(),
            ConfiguredStepsEnv.of(pipeline, request, from));
    long number = organizations.nextBuildNumber(pipeline.id());
    Instant now = clock.instant();
    BuildCreated created =
        new BuildCreated(
            buildId,
            pipeline.organization(),
            new PipelineRef(
                pipeline.id(),
                pipeline.slug(),
                pipeline.name(),
                pipeline.repository(),
                pipeline.defaultBranch()),
            number,
            request.branch(),
            request.commit(),
            request.message(),
            request.env(),
            request.source(),
            now,
            from);
    List<JobSpec> jobs =
        new StepPlanner(ids).plan(steps, context(created, BuildState.start(created)));
    List<BuildEvent> creation = new ArrayList<>();
    creation.add(created);
    Decision decision = decider.decide(BuildState.start(created), new Command.AddJobs(jobs), now);
    if (!(decision instanceof Decision.Accepted accepted)) {
      throw new IllegalStateException("a new build refused its first jobs: " + decision);
    }
    creation.addAll(accepted.events());
    return writer.create(creation);
  }

  /**
   * Adds the steps a running job uploads ({@code pipeline upload}), right after that job. The
   * server does not interpolate: the agent already did. {@code uploadId} makes a retried upload a
   * no-op.
   *
   * @throws PipelineException when the uploaded pipeline cannot be read
   * @throws PlanException when its steps cannot be planned (unknown or reused keys, cycles)
   */
  public Result<BuildState> upload(
      String jobId, String fileName, String text, Optional<String> uploadId)
      throws PipelineException, PlanException {
    Optional<BuildState> build = store.buildIdOfJob(jobId).flatMap(store::load);
    if (build.isEmpty()) {
      return new Result.NotFound<>();
    }
    if (uploadId.isPresent() && build.get().uploads().contains(uploadId.get())) {
      return new Result.Done<>(build.get());
    }
    Pipeline steps = PipelineParser.parse(fileName, text);
    List<JobSpec> jobs =
        new StepPlanner(ids).plan(steps, context(build.get().created(), build.get()));
    // An upload without the agent's idempotency id still gets one, so that the build's upload ids
    // count every upload (the decider refuses more than the limit per build).
    Optional<String> id = uploadId.isPresent() ? uploadId : Optional.of(ids.newId());
    Optional<BuildWriter.Outcome> outcome =
        writer.execute(
            build.get().id(), new Command.AddJobs(jobs, Optional.of(jobId), id, uploadLimit));
    if (outcome.isEmpty()) {
      return new Result.NotFound<>();
    }
    if (outcome.get().decision() instanceof Decision.Rejected rejected) {
      return new Result.Refused<>(rejected.reason());
    }
    return new Result.Done<>(outcome.get().state());
  }

  public Optional<BuildState> find(String organization, String pipelineSlug, long number) {
    return store.findBuildId(organization, pipelineSlug, number).flatMap(store::load);
  }

  /**
   * What the expander needs to know about the build: what {@code if} expressions read, and the
   * steps already in it (a step's key names all its jobs, so uploads may depend on them).
   */
  private static BuildContext context(BuildCreated build, BuildState state) {
    Map<String, List<String>> keys = new LinkedHashMap<>();
    state
        .jobList()
        .forEach(j ->
            j.spec()
                .stepKey()
                .ifPresent(k -> keys.computeIfAbsent(k, x -> new ArrayList<>()).add(j.id())));
    return BuildContext.forBranch(build.branch())
        .withDefaultBranch(build.pipeline().defaultBranch())
        .withBuildNumber(build.number())
        .withSource(build.source())
        .withEnv(conditionEnv(build))
        .withVariables(
            Map.of(
                "build.commit", build.commit(),
                "build.message", build.message(),
                "build.id", build.buildId(),
                "pipeline.slug", build.pipeline().slug(),
                "pipeline.name", java.util.Objects.requireNonNullElse(build.pipeline().name(), ""),
                "pipeline.id", build.pipeline().id(),
                "pipeline.repository", build.pipeline().repository(),
                "organization.slug", build.organization()))
        .withExisting(state.jobs().size(), keys);
  }

  /**
   * What {@code env()} in an {@code if} reads: the build's env, and in a triggered build the {@code
   * BUILDKITE_TRIGGERED_FROM_*} variables its jobs see.
   */
  private static Map<String, String> conditionEnv(BuildCreated build) {
    if (build.triggeredFrom().isEmpty()) {
      return build.env();
    }
    TriggeredFrom from = build.triggeredFrom().get();
    Map<String, String> env = new LinkedHashMap<>(build.env());
    env.put("BUILDKITE_TRIGGERED_FROM_BUILD_ID", from.buildId());
    env.put("BUILDKITE_TRIGGERED_FROM_BUILD_NUMBER", Long.toString(from.buildNumber()));
    env.put("BUILDKITE_TRIGGERED_FROM_BUILD_PIPELINE_SLUG", from.pipelineSlug());
    return env;
  }

  public Optional<BuildState> buildOfJob(String jobId) {
    return store.buildIdOfJob(jobId).flatMap(store::load);
  }

  public Optional<BuildState> load(String buildId) {
    return store.load(buildId);
  }

  /** Asks the build to stop: jobs not yet on an agent are canceled, running ones told to stop. */
  public Optional<BuildWriter.Outcome> cancel(String buildId, String by) {
    return writer.execute(buildId, new Command.CancelBuild(by));
  }

  /** Retries a finished job at a person's request ({@code by}), as its step's rules allow. */
  public Result<BuildState> retry(String buildId, String jobId, String by) {
    Optional<BuildWriter.Outcome> outcome =
        writer.execute(buildId, new Command.RetryJob(jobId, by));
    if (outcome.isEmpty()) {
      return new Result.NotFound<>();
    }
    if (outcome.get().decision() instanceof Decision.Rejected rejected) {
      return new Result.Refused<>(rejected.reason());
    }
    return new Result.Done<>(outcome.get().state());
  }

  public List<BuildEvent> history(String buildId) {
    return store.history(buildId);
  }
}
