package dev.cairn.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.agent.AgentRecord;
import dev.cairn.core.build.BuildEvent;
import dev.cairn.core.build.BuildEvent.TriggeredFrom;
import dev.cairn.core.build.BuildState;
import dev.cairn.core.build.BuildStatus;
import dev.cairn.core.job.Job;
import dev.cairn.core.job.JobState;
import dev.cairn.core.job.JobType;
import dev.cairn.core.orchestrate.BuildRequest;
import dev.cairn.core.orchestrate.Builds;
import dev.cairn.core.orchestrate.Pipelines;
import dev.cairn.core.orchestrate.Triggers;
import dev.cairn.testkit.DatabaseTest;
import dev.cairn.testkit.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Trigger jobs run by {@link Triggers} on a real store (embedded and PostgreSQL): the triggered
 * build is made once however often, and by however many servers, the sweep runs, even after a crash
 * between making it and recording it; its result reaches the trigger job from stored state alone;
 * trigger jobs never reach agents; and a trigger that cannot make its build fails the job.
 */
class TriggersTest {
  private static final String PARENT =
      """
      steps:
        - trigger: child
          key: deploy
          label: Deploy the child
          build:
            env:
              FROM_PARENT: "yes"
            meta_data:
              release: "1.2"
        - wait
        - key: after
          command: echo after
      """;

  /** A child whose second step runs only in a build the parent pipeline triggered. */
  private static final String CHILD =
      """
      steps:
        - key: work
          command: make
        - key: triggered-only
          command: echo triggered
          if: build.source == "trigger_job" && env("BUILDKITE_TRIGGERED_FROM_BUILD_PIPELINE_SLUG") == "parent"
      """;

  private TestDatabase database;
  private StoreFixture fixture;
  private Builds builds;

  @BeforeEach
  void open(TestDatabase database) throws Exception {
    this.database = database;
    fixture = new StoreFixture(database);
    builds = builds(fixture);
    Pipelines pipelines =
        new Pipelines(fixture.store.organizations(), fixture.ids(), fixture.clock);
    pipelines.create(
        "default", new Pipelines.NewPipeline("Parent", "parent", "repo-p", "main", PARENT));
    pipelines.create(
        "default", new Pipelines.NewPipeline("Child", "child", "repo-c", "trunk", CHILD));
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  private static Builds builds(StoreFixture f) {
    return new Builds(f.store.organizations(), f.store.builds(), f.writer, f.ids(), f.clock);
  }

  private static Triggers triggers(StoreFixture f, Builds b, int maxDepth) {
    return new Triggers(
        f.store.organizations(),
        f.store.builds(),
        b,
        f.writer,
        f.store.metaData(),
        f.store.logs(),
        f.clock,
        maxDepth);
  }

  private Triggers triggers() {
    return triggers(fixture, builds, 10);
  }

  private BuildState startParent() throws Exception {
    return builds.create(
        fixture.store.organizations().pipeline("default", "parent").orElseThrow(),
        new BuildRequest("main", "abc", "parent build", Map.of(), "api"));
  }

  private BuildState load(String buildId) {
    return fixture.store.builds().load(buildId).orElseThrow();
  }

  private Job deployOf(BuildState parent) {
    return load(parent.id()).jobList().stream()
        .filter(j -> j.spec().type() == JobType.TRIGGER)
        .findFirst()
        .orElseThrow();
  }

  /** Runs every scheduled job of {@code build} on an agent with {@code exitStatus}. */
  private void runJobs(AgentRecord agent, int exitStatus) throws Exception {
    for (Optional<String> job = fixture.dispatcher.next(agent, Duration.ZERO);
        job.isPresent();
        job = fixture.dispatcher.next(agent, Duration.ZERO)) {
      fixture.lifecycle.accept(agent, job.get());
      fixture.lifecycle.start(job.get());
      fixture.lifecycle.finish(job.get(), exitStatus, null, null);
    }
  }

  @DatabaseTest
  void aSyncTriggerMakesOneBuildAndMirrorsItsResult() throws Exception {
    AgentRecord agent = fixture.registerAgent("a");
    BuildState parent = startParent();
    assertThat(deployOf(parent).state()).isEqualTo(JobState.SCHEDULED);
    assertThat(fixture.dispatcher.next(agent, Duration.ZERO))
        .as("a trigger job is never handed to an agent")
        .isEmpty();

    triggers().sweep();
    Job deploy = deployOf(parent);
    assertThat(deploy.state()).isEqualTo(JobState.RUNNING);
    String childId = Triggers.triggeredBuildId(deploy.id());
    assertThat(deploy.triggeredBuild().orElseThrow().buildId()).isEqualTo(childId);
    BuildState child = load(childId);
    assertThat(child.created().source()).isEqualTo("trigger_job");
    assertThat(child.created().branch()).isEqualTo("trunk");
    assertThat(child.created().commit()).isEqualTo("HEAD");
    assertThat(child.created().message()).isEqualTo("Deploy the child");
    assertThat(child.created().env()).containsEntry("FROM_PARENT", "yes");
    assertThat(child.created().triggeredFrom())
        .contains(
            new TriggeredFrom(parent.id(), parent.created().number(), "parent", deploy.id(), 2));
    assertThat(fixture.store.metaData().get(childId, "release")).contains("1.2");
    assertThat(child.jobList())
        .as("an if in the triggered build reads its source and who triggered it")
        .anyMatch(j -> j.spec().stepKey().equals(Optional.of("triggered-only")));

    triggers().sweep();
    assertThat(fixture.store.builds().findBuildId("default", "child", 2))
        .as("sweeping again makes no second build")
        .isEmpty();

    runJobs(agent, 0);
    assertThat(load(childId).status()).isEqualTo(BuildStatus.PASSED);
    assertThat(deployOf(parent).state()).isEqualTo(JobState.RUNNING);
    triggers().sweep();
    assertThat(deployOf(parent).state()).isEqualTo(JobState.PASSED);
    runJobs(agent, 0);
    assertThat(load(parent.id()).status()).isEqualTo(BuildStatus.PASSED);
    assertThat(BuildState.replay(fixture.store.builds().history(parent.id())))
        .isEqualTo(load(parent.id()));
    assertThat(BuildState.replay(fixture.store.builds().history(childId))).isEqualTo(load(childId));
  }

  @DatabaseTest
  void aFailedTriggeredBuildFailsTheTriggerJobAndTheParent() throws Exception {
    AgentRecord agent = fixture.registerAgent("a");
    BuildState parent = startParent();
    triggers().sweep();
    runJobs(agent, 3);
    triggers().sweep();
    assertThat(deployOf(parent).state()).isEqualTo(JobState.FAILED);
    assertThat(load(parent.id()).status()).isEqualTo(BuildStatus.FAILED);
  }

  @DatabaseTest
  void aCrashAfterTheBuildWasMadeButBeforeItWasRecordedMakesNoSecondBuild() throws Exception {
    BuildState parent = startParent();
    Job deploy = deployOf(parent);
    String childId = Triggers.triggeredBuildId(deploy.id());
    // What a sweep that died right after making the build left behind.
    builds.createTriggered(
        fixture.store.organizations().pipeline("default", "child").orElseThrow(),
        new BuildRequest("trunk", "HEAD", "Deploy the child", Map.of(), "trigger_job"),
        childId,
        new TriggeredFrom(parent.id(), parent.created().number(), "parent", deploy.id(), 2));
    assertThat(deployOf(parent).state()).isEqualTo(JobState.SCHEDULED);
    fixture.close();

    fixture = new StoreFixture(database, "restarted-"); // The server starts again.
    builds = builds(fixture);
    triggers().sweep();
    assertThat(deployOf(parent).state()).isEqualTo(JobState.RUNNING);
    assertThat(deployOf(parent).triggeredBuild().orElseThrow().buildId()).isEqualTo(childId);
    assertThat(fixture.store.builds().findBuildId("default", "child", 1)).contains(childId);
    assertThat(fixture.store.builds().findBuildId("default", "child", 2)).isEmpty();
  }

  @DatabaseTest
  void aResultThatEndedWhileNoServerRanIsDeliveredByTheNextSweep() throws Exception {
    AgentRecord agent = fixture.registerAgent("a");
    BuildState parent = startParent();
    triggers().sweep();
    runJobs(agent, 0); // The child passes, and the server dies before any sweep.
    fixture.close();

    fixture = new StoreFixture(database, "restarted-");
    builds = builds(fixture);
    assertThat(deployOf(parent).state()).isEqualTo(JobState.RUNNING);
    triggers().sweep();
    assertThat(deployOf(parent).state()).isEqualTo(JobState.PASSED);
    // Both builds decode from what this fresh store read (snapshots and events) as they fold.
    String childId = Triggers.triggeredBuildId(deployOf(parent).id());
    assertThat(load(childId).created().triggeredFrom()).isPresent();
    assertThat(load(childId)).isEqualTo(BuildState.replay(fixture.store.builds().history(childId)));
    assertThat(load(parent.id()))
        .isEqualTo(BuildState.replay(fixture.store.builds().history(parent.id())));
  }

  @DatabaseTest
  void twoServersSweepingAtOnceMakeOneBuild() throws Exception {
    List<BuildState> parents = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      parents.add(startParent());
    }
    try (StoreFixture other = new StoreFixture(database, "other-")) {
      Triggers mine = triggers();
      Triggers theirs = triggers(other, builds(other), 10);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Callable<Integer>> sweeps = List.of(mine::sweep, theirs::sweep);
        for (Future<Integer> done : pool.invokeAll(sweeps)) {
          done.get();
        }
      } finally {
        pool.shutdownNow();
      }
    }
    for (BuildState parent : parents) {
      Job deploy = deployOf(parent);
      assertThat(deploy.state()).isEqualTo(JobState.RUNNING);
      assertThat(deploy.triggeredBuild().orElseThrow().buildId())
          .isEqualTo(Triggers.triggeredBuildId(deploy.id()));
      long created =
          fixture.store.builds().history(parent.id()).stream()
              .filter(e -> e instanceof BuildEvent.TriggeredBuildCreated)
              .count();
      assertThat(created).isEqualTo(1);
    }
    for (long n = 1; n <= 5; n++) {
      String id = fixture.store.builds().findBuildId("default", "child", n).orElse(null);
      if (id != null) {
        assertThat(load(id).created().triggeredFrom()).isPresent();
      }
    }
    long children =
        parents.stream()
            .map(p -> fixture.store.builds().load(Triggers.triggeredBuildId(deployOf(p).id())))
            .filter(Optional::isPresent)
            .count();
    assertThat(children).isEqualTo(5);
  }

  @DatabaseTest
  void cancelingTheParentCancelsTheTriggeredBuild() throws Exception {
    AgentRecord agent = fixture.registerAgent("a");
    BuildState parent = startParent();
    triggers().sweep();
    String childId = Triggers.triggeredBuildId(deployOf(parent).id());
    String work = fixture.dispatcher.next(agent, Duration.ZERO).orElseThrow();
    fixture.lifecycle.accept(agent, work);
    fixture.lifecycle.start(work);

    builds.cancel(parent.id(), "alice");
    assertThat(deployOf(parent).state()).isEqualTo(JobState.CANCELING);
    triggers().sweep();
    assertThat(load(childId).status()).isEqualTo(BuildStatus.CANCELING);
    fixture.lifecycle.finish(work, -1, "SIGTERM", "cancel");
    assertThat(load(childId).status()).isEqualTo(BuildStatus.CANCELED);
    triggers().sweep();
    assertThat(deployOf(parent).state()).isEqualTo(JobState.CANCELED);
    assertThat(load(parent.id()).status()).isEqualTo(BuildStatus.CANCELED);
  }

  @DatabaseTest
  void anUnknownPipelineFailsTheJobWithTheReasonInItsLog() throws Exception {
    new Pipelines(fixture.store.organizations(), fixture.ids(), fixture.clock)
        .create(
            "default",
            new Pipelines.NewPipeline(
                "Lost", "lost", "repo", "main", "steps:\n  - trigger: nowhere\n    key: t\n"));
    BuildState parent =
        builds.create(
            fixture.store.organizations().pipeline("default", "lost").orElseThrow(),
            new BuildRequest("main", "abc", "m", Map.of(), "api"));
    triggers().sweep();
    Job job = deployOf(parent);
    assertThat(job.state()).isEqualTo(JobState.FAILED);
    assertThat(load(parent.id()).status()).isEqualTo(BuildStatus.FAILED);
    String log = new String(fixture.store.logs().read(job.id(), 0, 10_000), StandardCharsets.UTF_8);
    assertThat(log).contains("no pipeline \"nowhere\" in organization \"default\"");
  }

  @DatabaseTest
  void aChainPastTheDepthLimitFailsAndNothingHangs() throws Exception {
    new Pipelines(fixture.store.organizations(), fixture.ids(), fixture.clock)
        .create(
            "default",
            new Pipelines.NewPipeline(
                "Loop", "loop", "repo", "main", "steps:\n  - trigger: loop\n    key: again\n"));
    BuildState first =
        builds.create(
            fixture.store.organizations().pipeline("default", "loop").orElseThrow(),
            new BuildRequest("main", "abc", "m", Map.of(), "api"));
    Triggers triggers = triggers(fixture, builds, 3);
    for (int round = 0; round < 10 && triggers.sweep() > 0; round++) {
      // Each round makes the next build of the chain or delivers a result up it.
    }
    assertThat(load(first.id()).status()).isEqualTo(BuildStatus.FAILED);
    String third = fixture.store.builds().findBuildId("default", "loop", 3).orElseThrow();
    assertThat(load(third).created().triggerDepth()).isEqualTo(3);
    assertThat(fixture.store.builds().findBuildId("default", "loop", 4)).isEmpty();
    Job refused = deployOf(load(third));
    String log =
        new String(fixture.store.logs().read(refused.id(), 0, 10_000), StandardCharsets.UTF_8);
    assertThat(log).contains("chain of 4 builds").contains("at most 3");
  }
}
