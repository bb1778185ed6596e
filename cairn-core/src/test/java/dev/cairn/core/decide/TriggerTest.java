package dev.cairn.core.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.build.BuildEvent;
import dev.cairn.core.build.BuildEvent.BuildCreated;
import dev.cairn.core.build.BuildEvent.PipelineRef;
import dev.cairn.core.build.BuildEvent.TriggeredFrom;
import dev.cairn.core.build.BuildState;
import dev.cairn.core.build.BuildStatus;
import dev.cairn.core.explain.BuildExplainer;
import dev.cairn.core.job.Job;
import dev.cairn.core.job.JobState;
import dev.cairn.core.job.TriggeredBuild;
import dev.cairn.core.org.PipelineDefinition;
import dev.cairn.pipeline.PipelineException;
import dev.cairn.pipeline.PipelineParser;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Trigger steps through the real decider: the server reports the build it made ({@link
 * Command.StartTrigger}), that build's end ({@link Command.FinishTrigger}) or why none could be
 * made ({@link Command.FailTrigger}); the rules of {@link TriggerPlan} say which build to make.
 */
class TriggerTest {
  private static final PipelineDefinition CHILD =
      new PipelineDefinition(
          "pipe-child",
          "default",
          "child",
          "Child",
          "git@example.com:child.git",
          "trunk",
          "steps: []",
          Instant.parse("2026-01-01T00:00:00Z"));

  private static BuildDriver build(String yaml) throws PipelineException {
    return BuildDriver.start(PipelineParser.parse("pipeline.yml", yaml));
  }

  private static final String SYNC =
      """
      steps:
        - key: test
          command: make test
        - wait
        - trigger: child
          key: deploy
          label: Deploy it
        - wait
        - key: after
          command: echo done
      """;

  private static TriggeredBuild child(int n) {
    return new TriggeredBuild("child-build-" + n, n, "child");
  }

  @Test
  void aSyncTriggerRunsWhileItsBuildRunsAndPassesWithIt() throws Exception {
    BuildDriver build = build(SYNC);
    assertThat(build.stateOf("deploy")).isEqualTo(JobState.WAITING);
    build.run("test", 0);
    assertThat(build.stateOf("deploy")).isEqualTo(JobState.SCHEDULED);

    build.require(new Command.StartTrigger(build.id("deploy"), child(7)));
    assertThat(build.stateOf("deploy")).isEqualTo(JobState.RUNNING);
    assertThat(build.job("deploy").triggeredBuild()).contains(child(7));
    assertThat(build.require(new Command.StartTrigger(build.id("deploy"), child(7))))
        .as("a repeated report of the same build changes nothing")
        .isEmpty();
    assertThat(build.send(new Command.StartTrigger(build.id("deploy"), child(8))))
        .as("a second build for one trigger job is refused")
        .isInstanceOf(Decision.Rejected.class);
    assertThat(build.stateOf("after")).isEqualTo(JobState.WAITING);

    build.require(
        new Command.FinishTrigger(build.id("deploy"), "child-build-7", BuildStatus.PASSED));
    assertThat(build.stateOf("deploy")).isEqualTo(JobState.PASSED);
    assertThat(build.stateOf("after")).isEqualTo(JobState.SCHEDULED);
    assertThat(
            build.require(
                new Command.FinishTrigger(build.id("deploy"), "child-build-7", BuildStatus.PASSED)))
        .as("a result is delivered once")
        .isEmpty();
    build.run("after", 0);
    assertThat(build.state().status()).isEqualTo(BuildStatus.PASSED);
    assertThat(BuildState.replay(build.history())).isEqualTo(build.state());
  }

  @Test
  void aSyncTriggerFailsWithItsBuildAndStopsWhatFollows() throws Exception {
    BuildDriver build = build(SYNC);
    build.run("test", 0);
    build.require(new Command.StartTrigger(build.id("deploy"), child(1)));
    assertThat(
            build.require(
                new Command.FinishTrigger(build.id("deploy"), "other-build", BuildStatus.PASSED)))
        .as("the result of a build the job did not make is ignored")
        .isEmpty();
    build.require(
        new Command.FinishTrigger(build.id("deploy"), "child-build-1", BuildStatus.FAILED));
    assertThat(build.stateOf("deploy")).isEqualTo(JobState.FAILED);
    assertThat(build.job("deploy").softFailed()).isFalse();
    assertThat(build.stateOf("after")).isEqualTo(JobState.BROKEN);
    assertThat(build.state().status()).isEqualTo(BuildStatus.FAILED);
    assertThat(BuildState.replay(build.history())).isEqualTo(build.state());
  }

  @Test
  void aCanceledTriggeredBuildFailsTheTriggerJob() throws Exception {
    BuildDriver build = build(SYNC);
    build.run("test", 0);
    build.require(new Command.StartTrigger(build.id("deploy"), child(1)));
    build.require(
        new Command.FinishTrigger(build.id("deploy"), "child-build-1", BuildStatus.CANCELED));
    assertThat(build.stateOf("deploy")).isEqualTo(JobState.FAILED);
    assertThat(build.state().status()).isEqualTo(BuildStatus.FAILED);
  }

  @Test
  void softFailForgivesAFailedTriggeredBuild() throws Exception {
    BuildDriver build =
        build(
            """
            steps:
              - trigger: child
                key: deploy
                soft_fail: true
              - wait
              - key: after
                command: echo done
            """);
    build.require(new Command.StartTrigger(build.id("deploy"), child(1)));
    build.require(
        new Command.FinishTrigger(build.id("deploy"), "child-build-1", BuildStatus.FAILED));
    assertThat(build.stateOf("deploy")).isEqualTo(JobState.FAILED);
    assertThat(build.job("deploy").softFailed()).isTrue();
    assertThat(build.stateOf("after")).isEqualTo(JobState.SCHEDULED);
    build.run("after", 0);
    assertThat(build.state().status()).isEqualTo(BuildStatus.PASSED);
  }

  @Test
  void cancelingTheBuildAsksARunningTriggerJobToStopUntilItsBuildEnds() throws Exception {
    BuildDriver build = build(SYNC);
    build.run("test", 0);
    build.require(new Command.StartTrigger(build.id("deploy"), child(1)));
    build.require(new Command.CancelBuild("alice"));
    assertThat(build.stateOf("deploy")).isEqualTo(JobState.CANCELING);
    assertThat(build.state().status()).isEqualTo(BuildStatus.CANCELING);

    build.require(
        new Command.FinishTrigger(build.id("deploy"), "child-build-1", BuildStatus.CANCELED));
    assertThat(build.stateOf("deploy")).isEqualTo(JobState.CANCELED);
    assertThat(build.state().status()).isEqualTo(BuildStatus.CANCELED);
    assertThat(BuildState.replay(build.history())).isEqualTo(build.state());
  }

  @Test
  void aScheduledTriggerJobCanceledBeforeItsBuildIsMadeRefusesTheBuildLater() throws Exception {
    BuildDriver build = build(SYNC);
    build.run("test", 0);
    build.require(new Command.CancelBuild("alice"));
    assertThat(build.stateOf("deploy")).isEqualTo(JobState.CANCELED);
    assertThat(build.send(new Command.StartTrigger(build.id("deploy"), child(1))))
        .isInstanceOf(Decision.Rejected.class);
  }

  @Test
  void anAsyncTriggerPassesAsSoonAsItsBuildExists() throws Exception {
    BuildDriver build =
        build(
            """
            steps:
              - trigger: child
                key: deploy
                async: true
              - wait
              - key: after
                command: echo done
            """);
    List<BuildEvent> events = build.require(new Command.StartTrigger(build.id("deploy"), child(1)));
    assertThat(events.getFirst()).isInstanceOf(BuildEvent.TriggeredBuildCreated.class);
    assertThat(build.stateOf("deploy")).isEqualTo(JobState.PASSED);
    assertThat(build.job("deploy").triggeredBuild()).contains(child(1));
    assertThat(build.stateOf("after")).isEqualTo(JobState.SCHEDULED);
    assertThat(
            build.require(
                new Command.FinishTrigger(build.id("deploy"), "child-build-1", BuildStatus.FAILED)))
        .as("an async job does not wait for its build's result")
        .isEmpty();
    build.run("after", 0);
    assertThat(build.state().status()).isEqualTo(BuildStatus.PASSED);
    assertThat(BuildState.replay(build.history())).isEqualTo(build.state());
  }

  @Test
  void parallelismMakesOneTriggerJobPerBuild() throws Exception {
    BuildDriver build =
        build(
            """
            steps:
              - trigger: child
                key: fan
                parallelism: 3
            """);
    List<Job> jobs = build.state().jobsIn(JobState.SCHEDULED);
    assertThat(jobs).hasSize(3);
    assertThat(jobs)
        .extracting(j -> j.spec().details().parallelJob().orElseThrow())
        .containsExactly(0, 1, 2);
    for (int i = 0; i < 3; i++) {
      build.require(new Command.StartTrigger(jobs.get(i).id(), child(i)));
    }
    for (int i = 0; i < 3; i++) {
      assertThat(build.state().status().isTerminal()).isFalse();
      build.require(
          new Command.FinishTrigger(jobs.get(i).id(), "child-build-" + i, BuildStatus.PASSED));
    }
    assertThat(build.state().status()).isEqualTo(BuildStatus.PASSED);
  }

  @Test
  void aTriggerThatCannotMakeItsBuildFailsWithTheReasonInTheHistory() throws Exception {
    BuildDriver build = build(SYNC);
    build.run("test", 0);
    String reason = "no pipeline \"child\" in organization \"default\" to trigger";
    build.require(new Command.FailTrigger(build.id("deploy"), reason));
    assertThat(build.stateOf("deploy")).isEqualTo(JobState.FAILED);
    assertThat(build.stateOf("after")).isEqualTo(JobState.BROKEN);
    assertThat(build.state().status()).isEqualTo(BuildStatus.FAILED);
    long version = build.state().version();
    build.send(new Command.FailTrigger(build.id("deploy"), reason));
    assertThat(build.state().version()).as("a repeated failure changes nothing").isEqualTo(version);
    assertThat(BuildExplainer.explain(build.history(), Optional.of(build.id("deploy"))))
        .anyMatch(line -> line.contains("\"deploy\" failed: " + reason));
    assertThat(BuildState.replay(build.history())).isEqualTo(build.state());
  }

  @Test
  void theFailureOfASoftFailingTriggerIsForgiven() throws Exception {
    BuildDriver build =
        build(
            """
            steps:
              - trigger: nowhere
                key: deploy
                soft_fail: true
            """);
    build.require(new Command.FailTrigger(build.id("deploy"), "no such pipeline"));
    assertThat(build.job("deploy").softFailed()).isTrue();
    assertThat(build.state().status()).isEqualTo(BuildStatus.PASSED);
  }

  @Test
  void commandsForOtherJobsAreRefused() throws Exception {
    BuildDriver build = build(SYNC);
    assertThat(build.send(new Command.StartTrigger(build.id("test"), child(1))))
        .isInstanceOf(Decision.Rejected.class);
    assertThat(build.send(new Command.FailTrigger("nope", "x")))
        .isInstanceOf(Decision.Rejected.class);
  }

  // The rules of TriggerPlan.

  @Test
  void theBuildTakesTheTargetsDefaultsAndTheStepsAttributes() throws Exception {
    BuildDriver plain = build(SYNC);
    Job deploy = plain.job("deploy");
    TriggerPlan.Create made =
        (TriggerPlan.Create) TriggerPlan.of(plain.state(), deploy, Optional.of(CHILD), 10);
    assertThat(made.branch()).isEqualTo("trunk");
    assertThat(made.commit()).isEqualTo("HEAD");
    assertThat(made.message()).isEqualTo("Deploy it");
    assertThat(made.from()).isEqualTo(new TriggeredFrom("build-1", 1, "demo", deploy.id(), 2));

    BuildDriver given =
        build(
            """
            steps:
              - trigger: child
                key: deploy
                build:
                  branch: release
                  commit: abc123
                  message: Ship it
                  env:
                    TARGET: prod
                  meta_data:
                    release-version: "1.2"
            """);
    TriggerPlan.Create custom =
        (TriggerPlan.Create)
            TriggerPlan.of(given.state(), given.job("deploy"), Optional.of(CHILD), 10);
    assertThat(custom.branch()).isEqualTo("release");
    assertThat(custom.commit()).isEqualTo("abc123");
    assertThat(custom.message()).isEqualTo("Ship it");
    assertThat(custom.env()).isEqualTo(Map.of("TARGET", "prod"));
    assertThat(custom.metaData()).isEqualTo(Map.of("release-version", "1.2"));
  }

  @Test
  void anUnknownPipelineIsRefused() throws Exception {
    BuildDriver build = build(SYNC);
    TriggerPlan plan = TriggerPlan.of(build.state(), build.job("deploy"), Optional.empty(), 10);
    assertThat(plan).isInstanceOf(TriggerPlan.Refuse.class);
    assertThat(((TriggerPlan.Refuse) plan).reason())
        .contains("no pipeline \"child\" in organization \"default\"");
  }

  @Test
  void aChainDeeperThanTheLimitIsRefused() throws Exception {
    BuildDriver build = build(SYNC);
    Job deploy = build.job("deploy");
    assertThat(TriggerPlan.of(atDepth(build.state(), 9), deploy, Optional.of(CHILD), 10))
        .as("the 10th build of a chain may be made")
        .isInstanceOf(TriggerPlan.Create.class);
    TriggerPlan deep = TriggerPlan.of(atDepth(build.state(), 10), deploy, Optional.of(CHILD), 10);
    assertThat(deep).isInstanceOf(TriggerPlan.Refuse.class);
    assertThat(((TriggerPlan.Refuse) deep).reason())
        .contains("chain of 11 builds")
        .contains("at most 10");
    assertThat(TriggerPlan.of(build.state(), deploy, Optional.of(CHILD), 1))
        .as("the limit is configurable")
        .isInstanceOf(TriggerPlan.Refuse.class);
  }

  /** The same build, as if it were the {@code depth}th of a trigger chain. */
  private static BuildState atDepth(BuildState state, int depth) {
    BuildCreated c = state.created();
    BuildCreated deep =
        new BuildCreated(
            c.buildId(),
            c.organization(),
            new PipelineRef("p", "demo", "Demo", "repo", "main"),
            c.number(),
            c.branch(),
            c.commit(),
            c.message(),
            c.env(),
            "trigger_job",
            c.at(),
            Optional.of(new TriggeredFrom("up", 1, "up", "up-job", depth)));
    return new BuildState(
        deep,
        state.status(),
        state.jobs(),
        state.startedAt(),
        state.finishedAt(),
        state.cancelRequested(),
        state.uploads(),
        state.version());
  }
}
