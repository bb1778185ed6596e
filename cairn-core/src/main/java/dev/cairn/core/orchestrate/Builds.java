package dev.cairn.core.orchestrate;

import dev.cairn.core.build.BuildEvent;
import dev.cairn.core.build.BuildEvent.BuildCreated;
import dev.cairn.core.build.BuildEvent.PipelineRef;
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
import dev.cairn.pipeline.Pipeline;
import dev.cairn.pipeline.PipelineException;
import dev.cairn.pipeline.PipelineParser;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Creating, finding and canceling builds. Thread-safe. */
public final class Builds {
  private final OrganizationStore organizations;
  private final BuildStore store;
  private final BuildWriter writer;
  private final IdGenerator ids;
  private final InstantSource clock;
  private final Decider decider = new Decider();

  public Builds(
      OrganizationStore organizations,
      BuildStore store,
      BuildWriter writer,
      IdGenerator ids,
      InstantSource clock) {
    this.organizations = organizations;
    this.store = store;
    this.writer = writer;
    this.ids = ids;
    this.clock = clock;
  }

  /**
   * Creates a build of {@code pipeline} from its configuration.
   *
   * @throws PipelineException when the pipeline's steps cannot be read
   * @throws PlanException when the steps cannot be planned into jobs
   */
  public BuildState create(PipelineDefinition pipeline, BuildRequest request)
      throws PipelineException, PlanException {
    Pipeline steps =
        PipelineParser.parse(pipeline.slug() + "/pipeline.yml", pipeline.configuration());
    List<JobSpec> jobs = new StepPlanner(ids).plan(steps);
    Instant now = clock.instant();
    BuildCreated created =
        new BuildCreated(
            ids.newId(),
            pipeline.organization(),
            new PipelineRef(
                pipeline.id(),
                pipeline.slug(),
                pipeline.name(),
                pipeline.repository(),
                pipeline.defaultBranch()),
            organizations.nextBuildNumber(pipeline.id()),
            request.branch(),
            request.commit(),
            request.message(),
            request.env(),
            request.source(),
            now);
    List<BuildEvent> creation = new ArrayList<>();
    creation.add(created);
    Decision decision = decider.decide(BuildState.start(created), new Command.AddJobs(jobs), now);
    if (!(decision instanceof Decision.Accepted accepted)) {
      throw new IllegalStateException("a new build refused its first jobs: " + decision);
    }
    creation.addAll(accepted.events());
    return writer.create(creation);
  }

  public Optional<BuildState> find(String organization, String pipelineSlug, long number) {
    return store.findBuildId(organization, pipelineSlug, number).flatMap(store::load);
  }

  public Optional<BuildState> load(String buildId) {
    return store.load(buildId);
  }

  /** Asks the build to stop: jobs not yet on an agent are canceled, running ones told to stop. */
  public Optional<BuildWriter.Outcome> cancel(String buildId, String by) {
    return writer.execute(buildId, new Command.CancelBuild(by));
  }

  public List<BuildEvent> history(String buildId) {
    return store.history(buildId);
  }
}
