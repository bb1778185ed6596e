package dev.cairn.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.access.Tokens;
import dev.cairn.core.agent.AgentRecord;
import dev.cairn.core.build.BuildState;
import dev.cairn.core.decide.Command;
import dev.cairn.core.job.Job;
import dev.cairn.core.job.JobState;
import dev.cairn.core.orchestrate.AgentDeparture;
import dev.cairn.core.orchestrate.BuildRequest;
import dev.cairn.core.orchestrate.Builds;
import dev.cairn.core.orchestrate.Deadlines;
import dev.cairn.core.orchestrate.LostAgents;
import dev.cairn.core.orchestrate.MetaData;
import dev.cairn.core.orchestrate.Pipelines;
import dev.cairn.core.orchestrate.Result;
import dev.cairn.core.orchestrate.Unblocks;
import dev.cairn.core.org.PipelineDefinition;
import dev.cairn.testkit.DatabaseExtension;
import dev.cairn.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Records real builds for the history corpus: each builds a pipeline (YAML, parsed and planned by
 * the real parser and planner) on a real store with the services the server wires, and plays the
 * agents' and people's part through those services (dispatch, accept, start, finish, unblock,
 * retry, cancel, upload, the deadline and lost-agent timers), driven by a manual clock so a
 * recording is the same every time. The stored history and the state the store then loads are
 * written to {@code dir} by {@link HistoryFile}.
 *
 * <p>The one shortcut: accepting a job goes through the writer with a job token derived from the
 * job id instead of {@code JobLifecycle.accept}'s random one, so the recorded token hashes, and
 * with them the files, do not change between recordings.
 */
final class HistoryRecorder implements AutoCloseable {
  static final Duration EXPIRE_AFTER = Duration.ofMinutes(30);
  static final Duration LOST_AFTER = Duration.ofMinutes(3);

  private final TestDatabase database = DatabaseExtension.create(TestDatabase.Kind.SQLITE);
  private final StoreFixture fixture = new StoreFixture(database);
  private final Pipelines pipelines =
      new Pipelines(fixture.store.organizations(), fixture.ids(), fixture.clock);
  private final Builds builds =
      new Builds(
          fixture.store.organizations(),
          fixture.store.builds(),
          fixture.writer,
          fixture.ids(),
          fixture.clock);
  private final Unblocks unblocks =
      new Unblocks(fixture.writer, new MetaData(fixture.store.metaData(), fixture.clock));
  private final Deadlines deadlines =
      new Deadlines(fixture.store.builds(), fixture.writer, fixture.clock, EXPIRE_AFTER);
  private final LostAgents lostAgents =
      new LostAgents(
          fixture.store.agents(),
          fixture.store.builds(),
          fixture.writer,
          fixture.clock,
          LOST_AFTER);
  private final String scenario;
  private final String about;
  private final String yaml;
  private String buildId;

  /** Creates the pipeline {@code yaml} and a build of it on the {@code main} branch. */
  HistoryRecorder(String scenario, String about, String yaml) throws Exception {
    this.scenario = scenario;
    this.about = about;
    this.yaml = yaml;
    PipelineDefinition pipeline =
        pipelines.create(
            "default",
            new Pipelines.NewPipeline(
                scenario, scenario, "https://example.com/" + scenario + ".git", "main", yaml));
    tick();
    buildId =
        builds
            .create(
                pipeline,
                new BuildRequest("main", "0123abcd", "recorded: " + scenario, Map.of(), "api"))
            .id();
  }

  AgentRecord agent(String name) {
    AgentRecord agent = fixture.registerAgent(name);
    fixture.store.agents().touch(agent.id(), fixture.clock.instant());
    return agent;
  }

  void tick() {
    fixture.clock.advance(Duration.ofSeconds(1));
  }

  void advance(Duration by) {
    fixture.clock.advance(by);
  }

  /** The job dispatch hands {@code agent} now, or empty. */
  Optional<String> poll(AgentRecord agent) throws InterruptedException {
    tick();
    fixture.store.agents().touch(agent.id(), fixture.clock.instant());
    return fixture.dispatcher.next(agent, Duration.ZERO);
  }

  /** Takes the next job for {@code agent}, accepts and starts it; fails if there is none. */
  String take(AgentRecord agent) throws InterruptedException {
    String jobId = poll(agent).orElseThrow(() -> new AssertionError("no job for " + agent));
    tick();
    fixture.writer.execute(
        buildId, new Command.AcceptJob(jobId, agent.id(), Tokens.hash("job-token-of-" + jobId)));
    tick();
    assertThat(fixture.lifecycle.start(jobId)).isInstanceOf(Result.Done.class);
    return jobId;
  }

  void finish(String jobId, int exitStatus) {
    finish(jobId, exitStatus, null, null);
  }

  void finish(String jobId, int exitStatus, String signal, String signalReason) {
    tick();
    assertThat(fixture.lifecycle.finish(jobId, exitStatus, signal, signalReason))
        .isInstanceOf(Result.Done.class);
  }

  /** Takes the next job for {@code agent} and finishes it with {@code exitStatus}. */
  String run(AgentRecord agent, int exitStatus) throws InterruptedException {
    String jobId = take(agent);
    finish(jobId, exitStatus);
    return jobId;
  }

  void upload(String jobId, String uploadedYaml, String uploadId) throws Exception {
    tick();
    assertThat(builds.upload(jobId, "pipeline.yml", uploadedYaml, Optional.of(uploadId)))
        .isInstanceOf(Result.Done.class);
  }

  void unblock(String stepKey, String by, Map<String, String> fields) {
    tick();
    assertThat(unblocks.unblock(build(), job(stepKey).id(), by, fields))
        .isInstanceOf(Result.Done.class);
  }

  void retry(String jobId, String by) {
    tick();
    assertThat(builds.retry(buildId, jobId, by)).isInstanceOf(Result.Done.class);
  }

  void cancel(String by) {
    tick();
    assertThat(builds.cancel(buildId, by)).isPresent();
  }

  int fireDeadlines() {
    return deadlines.fireDue();
  }

  int fireLostAgents() {
    return lostAgents.fireDue();
  }

  /** The agent disconnects, as the agent API's {@code disconnect} does it. */
  void disconnect(AgentRecord agent) {
    tick();
    fixture.store.agents().setConnected(agent.id(), false, fixture.clock.instant());
    fixture.dispatcher.stopWaiting(agent.id());
    new AgentDeparture(fixture.store.builds(), fixture.writer).settle(agent.id(), "disconnected");
  }

  void touch(AgentRecord agent) {
    fixture.store.agents().touch(agent.id(), fixture.clock.instant());
  }

  BuildState build() {
    return fixture.store.builds().load(buildId).orElseThrow();
  }

  /** The latest job of step {@code key}. */
  Job job(String key) {
    BuildState build = build();
    return build.jobList().stream()
        .filter(j -> j.spec().stepKey().equals(Optional.of(key)) && j.retriedBy().isEmpty())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no job of step " + key));
  }

  JobState stateOf(String key) {
    return job(key).state();
  }

  /** Writes the history and the projection of the state the store loads to {@code dir}. */
  void save(Path dir) throws Exception {
    BuildState stored = build();
    HistoryFile file =
        new HistoryFile(
            scenario,
            about,
            yaml,
            HistoryFile.projection(stored),
            fixture.store.builds().history(buildId));
    Files.createDirectories(dir);
    file.write(dir.resolve(scenario + ".jsonl"));
  }

  @Override
  public void close() {
    try {
      fixture.close();
    } finally {
      DatabaseExtension.release(database);
    }
  }
}
