package dev.cairn.store;

import static dev.cairn.store.StoreFixture.command;
import static dev.cairn.store.StoreFixture.waitStep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.agent.AgentRecord;
import dev.cairn.core.build.BuildEvent;
import dev.cairn.core.build.BuildEvent.JobAssigned;
import dev.cairn.core.build.BuildState;
import dev.cairn.core.build.BuildStatus;
import dev.cairn.core.decide.Command;
import dev.cairn.core.job.Job;
import dev.cairn.core.job.JobSpec;
import dev.cairn.core.job.JobState;
import dev.cairn.core.job.JobType;
import dev.cairn.core.orchestrate.Result;
import dev.cairn.core.port.BuildStore;
import dev.cairn.core.port.VersionConflictException;
import dev.cairn.pipeline.Pipeline;
import dev.cairn.pipeline.PipelineException;
import dev.cairn.pipeline.PipelineParser;
import dev.cairn.pipeline.Step;
import dev.cairn.testkit.DatabaseTest;
import dev.cairn.testkit.TestDatabase;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Build histories and projections in a real embedded database. */
class BuildStoreTest {
  private StoreFixture fixture;
  private BuildStore builds;

  @BeforeEach
  void open(TestDatabase database) {
    fixture = new StoreFixture(database);
    builds = fixture.store.builds();
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  @DatabaseTest
  void appendWithAStaleVersionThrowsAndWritesNothing() {
    BuildState created = fixture.createBuild(command("a"));
    String jobId = created.jobList().iterator().next().id();
    BuildState stale = builds.load(created.id()).orElseThrow();
    fixture.writer.execute(created.id(), new Command.AssignJob(jobId, "agent-1", "one"));
    BuildState current = builds.load(created.id()).orElseThrow();
    List<BuildEvent> history = builds.history(created.id());

    BuildEvent late = new JobAssigned(jobId, "agent-2", "two", fixture.clock.instant());
    assertThatThrownBy(() -> builds.append(stale, List.of(late), stale.apply(late)))
        .isInstanceOf(VersionConflictException.class)
        .hasMessageContaining(created.id());

    assertThat(builds.history(created.id())).isEqualTo(history);
    assertThat(builds.load(created.id())).contains(current);
    assertThat(current.job(jobId).flatMap(Job::agentId)).contains("agent-1");
    assertThat(builds.jobAssignedTo("agent-1")).contains(jobId);
    assertThat(builds.jobAssignedTo("agent-2")).isEmpty();
  }

  @DatabaseTest
  void appendAtTheCurrentVersionStoresEventsAndProjection() {
    BuildState before = fixture.createBuild(command("a"));
    String jobId = before.jobList().iterator().next().id();
    BuildEvent assigned = new JobAssigned(jobId, "agent-1", "one", fixture.clock.instant());
    BuildState after = before.apply(assigned);

    builds.append(before, List.of(assigned), after);

    assertThat(builds.load(before.id())).contains(after);
    assertThat(builds.history(before.id())).endsWith(assigned).hasSize((int) after.version());
    assertThat(builds.scheduledJobs(10)).isEmpty();
    assertThat(builds.jobAssignedTo("agent-1")).contains(jobId);
  }

  @DatabaseTest
  void loadEqualsTheReplayedHistoryAfterBuildsRunAndEveryEventTypeRoundTrips()
      throws InterruptedException {
    AgentRecord agent = fixture.registerAgent("one");
    BuildState failed =
        fixture.createBuild(command("a"), command("b"), waitStep("w", false), command("c"));
    String given = fixture.dispatcher.next(agent, Duration.ZERO).orElseThrow();
    fixture.writer.execute(failed.id(), new Command.ReleaseJob(given, agent.id(), "disconnected"));
    runNext(agent, 0);
    runNext(agent, 3);
    BuildState canceled = fixture.createBuild(command("x"), waitStep("w", false), command("y"));
    String x = fixture.dispatcher.next(agent, Duration.ZERO).orElseThrow();
    assertThat(fixture.lifecycle.accept(agent, x)).isInstanceOf(Result.Done.class);
    fixture.writer.execute(canceled.id(), new Command.CancelBuild("alice"));
    assertThat(fixture.lifecycle.finish(x, -1, "SIGTERM", "cancel"))
        .isInstanceOf(Result.Done.class);

    BuildState eventful = eventfulBuild(agent);
    BuildState triggering = triggeringBuild();

    assertThat(builds.load(failed.id()).orElseThrow().status()).isEqualTo(BuildStatus.FAILED);
    assertThat(builds.load(canceled.id()).orElseThrow().status()).isEqualTo(BuildStatus.CANCELED);
    Set<Class<?>> stored = new HashSet<>();
    for (String buildId : List.of(failed.id(), canceled.id(), eventful.id(), triggering.id())) {
      List<BuildEvent> history = builds.history(buildId);
      assertThat(builds.load(buildId)).contains(BuildState.replay(history));
      history.forEach(e -> stored.add(e.getClass()));
    }
    assertThat(stored).containsExactlyInAnyOrder(BuildEvent.class.getPermittedSubclasses());
    assertThat(builds.scheduledJobs(10)).isEmpty();
  }

  /**
   * A second store on the same database is another server: each sees the other's appends, whether
   * it folds them onto the build it has cached or, far behind, reads the stored snapshot, and
   * either way the result is the replayed history.
   */
  @DatabaseTest
  void aStoreSeesAnotherStoresAppendsOnTopOfItsCachedBuild(TestDatabase database) {
    Step[] steps = new Step[300];
    for (int i = 0; i < steps.length; i++) {
      steps[i] = command("s" + i);
    }
    BuildState created = fixture.createBuild(steps);
    try (StoreFixture other = new StoreFixture(database, "other-")) {
      assertThat(other.store.builds().load(created.id())).contains(created);
      List<Job> jobs = List.copyOf(created.jobList());
      for (int i = 0; i < 3; i++) { // A few events behind: folded onto the cached build.
        fixture.writer.execute(created.id(), new Command.AssignJob(jobs.get(i).id(), "a", "a"));
      }
      BuildState near = other.store.builds().load(created.id()).orElseThrow();
      assertThat(near).isEqualTo(BuildState.replay(builds.history(created.id())));
      for (int i = 3; i < jobs.size(); i++) { // Far behind: read from the stored snapshot.
        fixture.writer.execute(created.id(), new Command.AssignJob(jobs.get(i).id(), "a", "a"));
      }
      BuildState far = other.store.builds().load(created.id()).orElseThrow();
      assertThat(far).isEqualTo(BuildState.replay(builds.history(created.id())));
      assertThat(far.version()).isEqualTo(created.version() + jobs.size());
      other.writer.execute(created.id(), new Command.CancelBuild("other"));
      assertThat(builds.load(created.id()))
          .contains(BuildState.replay(builds.history(created.id())));
      assertThat(builds.load(created.id()).orElseThrow().cancelRequested()).isTrue();
    }
  }

  @DatabaseTest
  void findsBuildsByNumberAndJobsByBuild() {
    BuildState first = fixture.createBuild(command("a"));
    BuildState second = fixture.createBuild(command("a"));

    assertThat(builds.findBuildId("default", "demo", 2)).contains(second.id());
    assertThat(builds.findBuildId("default", "demo", 3)).isEmpty();
    for (Job job : first.jobList()) {
      assertThat(builds.buildIdOfJob(job.id())).contains(first.id());
    }
    assertThat(builds.buildIdOfJob("no-such-job")).isEmpty();
    assertThat(builds.load("no-such-build")).isEmpty();
    assertThat(builds.scheduledJobs(10))
        .extracting(BuildStore.RunnableJob::buildId)
        .containsExactly(first.id(), second.id());
  }

  /** A build whose trigger jobs make a build that passes, and fail to make one. */
  private BuildState triggeringBuild() {
    BuildState build;
    try {
      build =
          fixture.createBuild(
              PipelineParser.parse(
                      "p.yml",
                      """
                      steps:
                        - trigger: child
                          key: made
                        - trigger: nowhere
                          key: refused
                      """)
                  .steps()
                  .toArray(new dev.cairn.pipeline.Step[0]));
    } catch (PipelineException e) {
      throw new AssertionError(e);
    }
    String made = jobByKey(build.id(), "made");
    fixture.writer.execute(
        build.id(),
        new Command.StartTrigger(
            made, new dev.cairn.core.job.TriggeredBuild("child-build", 1, "child")));
    fixture.writer.execute(
        build.id(), new Command.FinishTrigger(made, "child-build", BuildStatus.PASSED));
    fixture.writer.execute(
        build.id(), new Command.FailTrigger(jobByKey(build.id(), "refused"), "no such pipeline"));
    assertThat(builds.load(build.id()).orElseThrow().status()).isEqualTo(BuildStatus.FAILED);
    return build;
  }

  /**
   * A build that goes through the rest of the event types: a pipeline upload, an automatic retry, a
   * timeout, an expiry, a lost job and a manual retry that resets what broke.
   */
  private BuildState eventfulBuild(AgentRecord agent) throws InterruptedException {
    Pipeline steps;
    try {
      steps =
          PipelineParser.parse(
              "p.yml",
              """
              steps:
                - key: up
                  command: upload
                - wait
                - key: flaky
                  command: flaky
                  retry: {automatic: {exit_status: 3, limit: 1}}
                  timeout_in_minutes: 1
                - block: Go?
                  key: gate
                  depends_on: []
                - key: gone
                  command: never
                  skip: true
                  depends_on: []
              """);
    } catch (PipelineException e) {
      throw new AssertionError(e);
    }
    BuildState build = fixture.createBuild(steps.steps().toArray(new dev.cairn.pipeline.Step[0]));
    fixture.writer.execute(
        build.id(), new Command.UnblockJob(jobByKey(build.id(), "gate"), "alice", Map.of()));
    String up = jobByKey(build.id(), "up");
    fixture.dispatcher.next(agent, Duration.ZERO);
    fixture.lifecycle.accept(agent, up);
    fixture.lifecycle.start(up);
    fixture.writer.execute(
        build.id(),
        new Command.AddJobs(
            List.of(plainJob("uploaded"), plainJob("orphan")),
            Optional.of(up),
            Optional.of("upload-1")));
    fixture.lifecycle.finish(up, 0, null, null);
    String uploaded = jobByKey(build.id(), "uploaded");
    assertThat(fixture.dispatcher.next(agent, Duration.ZERO)).contains(uploaded);
    fixture.writer.execute(build.id(), new Command.LoseJob(uploaded, agent.id()));
    fixture.writer.execute(build.id(), new Command.ExpireJob(jobByKey(build.id(), "orphan")));
    String flaky = jobByKey(build.id(), "flaky");
    fixture.writer.execute(build.id(), new Command.RetryJob(uploaded, "alice"));
    String retry =
        builds.load(build.id()).orElseThrow().job(uploaded).orElseThrow().retriedBy().orElseThrow();
    fixture.writer.execute(build.id(), new Command.AssignJob(retry, agent.id(), agent.name()));
    fixture.lifecycle.accept(agent, retry);
    fixture.lifecycle.finish(retry, 0, null, null);
    fixture.writer.execute(build.id(), new Command.RetryJob(jobByKey(build.id(), "orphan"), "bob"));
    String orphanRetry =
        builds
            .load(build.id())
            .orElseThrow()
            .job(jobByKey(build.id(), "orphan"))
            .orElseThrow()
            .retriedBy()
            .orElseThrow();
    fixture.writer.execute(
        build.id(), new Command.AssignJob(orphanRetry, agent.id(), agent.name()));
    fixture.lifecycle.accept(agent, orphanRetry);
    fixture.lifecycle.finish(orphanRetry, 0, null, null);
    fixture.writer.execute(build.id(), new Command.AssignJob(flaky, agent.id(), agent.name()));
    fixture.lifecycle.accept(agent, flaky);
    fixture.lifecycle.start(flaky);
    fixture.lifecycle.finish(flaky, 3, null, null);
    String flakyRetry =
        builds.load(build.id()).orElseThrow().job(flaky).orElseThrow().retriedBy().orElseThrow();
    fixture.writer.execute(build.id(), new Command.AssignJob(flakyRetry, agent.id(), agent.name()));
    fixture.lifecycle.accept(agent, flakyRetry);
    fixture.lifecycle.start(flakyRetry);
    fixture.writer.execute(build.id(), new Command.TimeOutJob(flakyRetry));
    fixture.lifecycle.finish(flakyRetry, -1, "SIGTERM", "cancel");
    return builds.load(build.id()).orElseThrow();
  }

  private String jobByKey(String buildId, String key) {
    BuildState build = builds.load(buildId).orElseThrow();
    return build.jobList().stream()
        .filter(
            j -> j.spec().stepKey().equals(Optional.of(key)) && j.spec().attempt().number() == 0)
        .findFirst()
        .orElseThrow()
        .id();
  }

  private JobSpec plainJob(String key) {
    return new JobSpec(
        fixture.ids().newId(),
        fixture.ids().newId(),
        Optional.of(key),
        JobType.SCRIPT,
        key,
        "echo",
        List.of(),
        false,
        Map.of(),
        Map.of());
  }

  private void runNext(AgentRecord agent, int exitStatus) throws InterruptedException {
    Optional<String> job = fixture.dispatcher.next(agent, Duration.ZERO);
    assertThat(job).isPresent();
    assertThat(fixture.lifecycle.accept(agent, job.get())).isInstanceOf(Result.Done.class);
    assertThat(fixture.lifecycle.start(job.get())).isInstanceOf(Result.Done.class);
    fixture.clock.advance(Duration.ofSeconds(5));
    assertThat(fixture.lifecycle.finish(job.get(), exitStatus, null, null))
        .isInstanceOf(Result.Done.class);
    assertThat(fixture.lifecycle.find(job.get()).map(Job::state))
        .contains(exitStatus == 0 ? JobState.PASSED : JobState.FAILED);
  }
}
