package dev.cairn.core.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.build.BuildState;
import dev.cairn.core.build.BuildStatus;
import dev.cairn.core.job.Job;
import dev.cairn.core.job.JobState;
import dev.cairn.pipeline.PipelineException;
import dev.cairn.pipeline.PipelineParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Automatic and manual retries, and soft failures, read from real pipeline YAML. */
class RetryTest {

  private static BuildDriver build(String yaml) throws PipelineException {
    return BuildDriver.start(PipelineParser.parse("pipeline.yml", yaml));
  }

  /** Runs the newest attempt of step {@code key} to the exit status given. */
  private static void runLatest(BuildDriver build, String key, int exitStatus) {
    Job latest = build.state().latest(build.job(key));
    build.require(new Command.AssignJob(latest.id(), BuildDriver.AGENT, BuildDriver.AGENT));
    build.require(new Command.AcceptJob(latest.id(), BuildDriver.AGENT, "h"));
    build.require(new Command.StartJob(latest.id()));
    build.require(new Command.FinishJob(latest.id(), exitStatus, null, null));
  }

  private static List<Job> attempts(BuildDriver build, String key) {
    return build.state().jobList().stream()
        .filter(j -> j.spec().stepKey().orElse("").equals(key))
        .toList();
  }

  @Test
  void aMatchingRuleRetriesUpToItsLimitAndTheRetryKeepsTheHistoryLinked() throws Exception {
    BuildDriver build =
        build(
            """
            steps:
              - key: flaky
                command: ./flaky.sh
                retry:
                  automatic:
                    - exit_status: 3
                      limit: 2
              - wait
              - key: after
                command: echo after
            """);
    runLatest(build, "flaky", 3);
    runLatest(build, "flaky", 3);
    runLatest(build, "flaky", 3);

    List<Job> attempts = attempts(build, "flaky");
    assertThat(attempts).hasSize(3);
    assertThat(attempts.get(0).retriedBy()).contains(attempts.get(1).id());
    assertThat(attempts.get(1).retriedBy()).contains(attempts.get(2).id());
    assertThat(attempts.get(2).retriedBy()).isEmpty();
    assertThat(attempts.get(2).spec().attempt().number()).isEqualTo(2);
    assertThat(build.stateOf("after")).isEqualTo(JobState.BROKEN);
    assertThat(build.state().status()).isEqualTo(BuildStatus.FAILED);
    assertThat(BuildState.replay(build.history())).isEqualTo(build.state());
  }

  @Test
  void aRetryThatPassesLetsTheBuildCarryOn() throws Exception {
    BuildDriver build =
        build(
            """
            steps:
              - key: flaky
                command: ./flaky.sh
                retry: {automatic: true}
              - wait
              - key: after
                command: echo after
            """);
    runLatest(build, "flaky", 1);
    assertThat(build.state().status()).isNotEqualTo(BuildStatus.FAILED);
    runLatest(build, "flaky", 0);
    assertThat(build.stateOf("after")).isEqualTo(JobState.SCHEDULED);
    build.run("after", 0);
    assertThat(build.state().status()).isEqualTo(BuildStatus.PASSED);
  }

  @Test
  void eachRuleCountsItsOwnRetriesAndTheFirstMatchDecides() throws Exception {
    BuildDriver build =
        build(
            """
            steps:
              - key: s
                command: x
                retry:
                  automatic:
                    - exit_status: 2
                      limit: 1
                    - exit_status: "*"
                      limit: 1
            """);
    runLatest(build, "s", 2); // rule 0, its one retry
    runLatest(build, "s", 5); // rule 1, its one retry
    runLatest(build, "s", 2); // rule 0 matches first and is spent: no more retries
    assertThat(attempts(build, "s")).hasSize(3);
    assertThat(build.state().status()).isEqualTo(BuildStatus.FAILED);
  }

  @Test
  void aStarRuleNeverRetriesALostAgentButAMinusOneRuleDoes() throws Exception {
    BuildDriver build =
        build(
            """
            steps:
              - key: star
                command: x
                retry: {automatic: {exit_status: "*", limit: 2}}
              - key: lost
                command: x
                retry: {automatic: {exit_status: -1, limit: 2}}
            """);
    for (String key : List.of("star", "lost")) {
      Job job = build.job(key);
      build.require(new Command.AssignJob(job.id(), BuildDriver.AGENT, BuildDriver.AGENT));
      build.require(new Command.LoseJob(job.id(), BuildDriver.AGENT));
    }
    assertThat(attempts(build, "star")).hasSize(1);
    assertThat(build.job("star").state()).isEqualTo(JobState.LOST);
    assertThat(build.job("star").exitStatus()).contains(-1);
    assertThat(attempts(build, "lost")).hasSize(2);
  }

  @Test
  void canceledJobsAreNeverRetriedAutomatically() throws Exception {
    BuildDriver build = build("steps:\n  - key: s\n    command: x\n    retry: {automatic: true}\n");
    Job job = build.job("s");
    build.require(new Command.AssignJob(job.id(), BuildDriver.AGENT, BuildDriver.AGENT));
    build.require(new Command.CancelBuild("me"));
    build.require(new Command.FinishJob(job.id(), 1, "SIGTERM", "cancel"));
    assertThat(attempts(build, "s")).hasSize(1);
    assertThat(build.state().status()).isEqualTo(BuildStatus.CANCELED);
  }

  @Test
  void softFailedStepsCountAsPassed() throws Exception {
    BuildDriver build =
        build(
            """
            steps:
              - key: lint
                command: lint
                soft_fail:
                  - exit_status: 4
              - wait
              - key: after
                command: echo after
            """);
    build.run("lint", 4);
    assertThat(build.job("lint").softFailed()).isTrue();
    build.run("after", 0);
    assertThat(build.state().status()).isEqualTo(BuildStatus.PASSED);
  }

  @Test
  void aManualRetryOfAFailedBuildReopensItAndWhatBrokeRunsAfterAll() throws Exception {
    BuildDriver build =
        build("steps:\n  - key: a\n    command: x\n  - wait\n  - key: b\n    command: y\n");
    build.run("a", 1);
    assertThat(build.state().status()).isEqualTo(BuildStatus.FAILED);

    build.require(new Command.RetryJob(build.id("a"), "ops@example.com"));
    assertThat(build.state().status()).isEqualTo(BuildStatus.RUNNING);
    assertThat(build.stateOf("b")).isEqualTo(JobState.WAITING);
    runLatest(build, "a", 0);
    build.run("b", 0);
    assertThat(build.state().status()).isEqualTo(BuildStatus.PASSED);
    assertThat(build.send(new Command.RetryJob(build.id("a"), "again")))
        .as("a job is retried once; its retry may be retried")
        .isInstanceOf(Decision.Rejected.class);
  }

  @Test
  void manualRetriesFollowTheStepsRules() throws Exception {
    BuildDriver build =
        build(
            """
            steps:
              - key: deploy
                command: x
                retry: {manual: {allowed: false, reason: "deploys are not retried"}}
              - key: ok
                command: y
            """);
    build.run("deploy", 1);
    build.run("ok", 0);
    assertThat(build.send(new Command.RetryJob(build.id("deploy"), "me")))
        .isEqualTo(new Decision.Rejected("deploys are not retried"));
    assertThat(build.send(new Command.RetryJob(build.id("ok"), "me")))
        .as("passed jobs need permit_on_passed")
        .isInstanceOf(Decision.Rejected.class);
  }
}
