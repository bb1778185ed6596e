package dev.cairn.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.agent.AgentRecord;
import dev.cairn.core.build.BuildStatus;
import dev.cairn.core.job.JobState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Records the history corpus that {@link HistoryCorpusTest} replays. Run by hand, only when the
 * meaning of a history is meant to change (or to add a scenario), from the repository root:
 *
 * <pre>
 * ./mvnw -B -o -pl cairn-store verify -Dtest=RecordHistoriesTest -Dcairn.excludedGroups= \
 *     -Dcairn.histories.record=src/test/resources/histories -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * then review the diff of {@code cairn-store/src/test/resources/histories/} and commit it. Each
 * scenario is one real build (see {@link HistoryRecorder}); the assertions here only make sure the
 * recording went the way the scenario means, the files hold what the engine actually did.
 */
// Tagged so the default run leaves it out (parent pom: cairn.excludedGroups) instead of listing 15
// skipped tests; the property check stays so that lifting the exclusion alone records nothing.
@Tag("recording")
@EnabledIfSystemProperty(named = "cairn.histories.record", matches = ".+")
class RecordHistoriesTest {
  private static final Path DIR = Path.of(System.getProperty("cairn.histories.record", "."));

  @Test
  void waitStopsTheBuildAfterAFailure() throws Exception {
    try (HistoryRecorder r =
        new HistoryRecorder(
            "wait-after-failure",
            "a failed step makes the wait below it fail, so the step after it never runs",
            """
            steps:
              - key: a
                command: echo a
              - key: b
                command: exit 3
              - wait
              - key: c
                command: echo never
            """)) {
      AgentRecord agent = r.agent("one");
      r.run(agent, 0);
      r.run(agent, 3);
      assertThat(r.stateOf("c")).isEqualTo(JobState.BROKEN);
      assertThat(r.build().status()).isEqualTo(BuildStatus.FAILED);
      r.save(DIR);
    }
  }

  @Test
  void continueOnFailureRunsTheStepsAfterTheWait() throws Exception {
    try (HistoryRecorder r =
        new HistoryRecorder(
            "wait-continue-on-failure",
            "a wait with continue_on_failure lets the steps after it run although one before"
                + " failed; the build still fails",
            """
            steps:
              - key: a
                command: exit 1
              - wait: ~
                continue_on_failure: true
              - key: cleanup
                command: echo cleanup
            """)) {
      AgentRecord agent = r.agent("one");
      r.run(agent, 1);
      r.run(agent, 0);
      assertThat(r.stateOf("cleanup")).isEqualTo(JobState.PASSED);
      assertThat(r.build().status()).isEqualTo(BuildStatus.FAILED);
      r.save(DIR);
    }
  }

  @Test
  void dependsOnWithAndWithoutAllowFailure() throws Exception {
    try (HistoryRecorder r =
        new HistoryRecorder(
            "depends-on-allow-failure",
            "a failing step: the step that depends on it with allow_failure runs, the one that"
                + " depends on it plainly breaks, and one with allow_dependency_failure runs",
            """
            steps:
              - key: flaky
                command: exit 2
              - key: report
                depends_on:
                  - step: flaky
                    allow_failure: true
                command: echo report
              - key: deploy
                depends_on: flaky
                command: echo deploy
              - key: notify
                depends_on: flaky
                allow_dependency_failure: true
                command: echo notify
            """)) {
      AgentRecord agent = r.agent("one");
      r.run(agent, 2);
      r.run(agent, 0);
      r.run(agent, 0);
      assertThat(r.stateOf("deploy")).isEqualTo(JobState.BROKEN);
      r.save(DIR);
    }
  }

  @Test
  void softFailuresDoNotFailTheBuild() throws Exception {
    try (HistoryRecorder r =
        new HistoryRecorder(
            "soft-fail",
            "soft_fail true forgives any failure, soft_fail with exit_status forgives only those"
                + " statuses; the build passes and the step after the wait runs",
            """
            steps:
              - key: lint
                command: exit 1
                soft_fail: true
              - key: audit
                command: exit 42
                soft_fail:
                  - exit_status: 42
              - wait
              - key: ship
                command: echo ship
            """)) {
      AgentRecord agent = r.agent("one");
      r.run(agent, 1);
      r.run(agent, 42);
      r.run(agent, 0);
      assertThat(r.build().status()).isEqualTo(BuildStatus.PASSED);
      r.save(DIR);
    }
  }

  @Test
  void blockAndInputStepsAreUnblockedWithFields() throws Exception {
    try (HistoryRecorder r =
        new HistoryRecorder(
            "block-unblock-fields",
            "a block step with fields stops the build until a person unblocks it with values"
                + " (which become meta-data); an input step is unblocked too",
            """
            steps:
              - key: build
                command: echo build
              - block: "Release?"
                key: release
                fields:
                  - text: Version
                    key: version
                  - select: Environment
                    key: env
                    options:
                      - label: Staging
                        value: staging
                      - label: Production
                        value: production
              - key: deploy
                command: echo deploy
              - input: "Notes"
                key: notes
                fields:
                  - text: Notes
                    key: notes
                    required: false
              - key: announce
                command: echo announce
            """)) {
      AgentRecord agent = r.agent("one");
      r.run(agent, 0);
      assertThat(r.stateOf("release")).isEqualTo(JobState.BLOCKED);
      assertThat(r.build().isBlocked()).isTrue();
      r.unblock("release", "alice", Map.of("version", "1.2.3", "env", "production"));
      r.run(agent, 0);
      r.unblock("notes", "bob", Map.of());
      r.run(agent, 0);
      assertThat(r.build().status()).isEqualTo(BuildStatus.PASSED);
      r.save(DIR);
    }
  }

  @Test
  void automaticRetriesCountPerRule() throws Exception {
    try (HistoryRecorder r =
        new HistoryRecorder(
            "retry-automatic",
            "exit 3 is retried by its rule (limit 2), exit 9 by the catch-all rule (limit 1);"
                + " the fourth attempt passes",
            """
            steps:
              - key: flaky
                command: ./flaky.sh
                retry:
                  automatic:
                    - exit_status: 3
                      limit: 2
                    - exit_status: "*"
                      limit: 1
              - wait
              - key: after
                command: echo after
            """)) {
      AgentRecord agent = r.agent("one");
      r.run(agent, 3);
      r.run(agent, 9);
      r.run(agent, 3);
      r.run(agent, 0);
      r.run(agent, 0);
      assertThat(r.job("flaky").spec().attempt().number()).isEqualTo(3);
      assertThat(r.build().status()).isEqualTo(BuildStatus.PASSED);
      r.save(DIR);
    }
  }

  @Test
  void aManualRetryReopensAFailedBuild() throws Exception {
    try (HistoryRecorder r =
        new HistoryRecorder(
            "retry-manual",
            "the build fails and the step after the wait breaks; a person retries the failed"
                + " job, the broken step waits again, runs, and the build passes",
            """
            steps:
              - key: test
                command: exit 1
              - wait
              - key: deploy
                command: echo deploy
            """)) {
      AgentRecord agent = r.agent("one");
      String failed = r.run(agent, 1);
      assertThat(r.build().status()).isEqualTo(BuildStatus.FAILED);
      r.retry(failed, "carol");
      r.run(agent, 0);
      r.run(agent, 0);
      assertThat(r.build().status()).isEqualTo(BuildStatus.PASSED);
      r.save(DIR);
    }
  }

  @Test
  void aJobTimesOutAndAnUntakenJobExpires() throws Exception {
    try (HistoryRecorder r =
        new HistoryRecorder(
            "timeout-and-expiry",
            "a job running past timeout_in_minutes goes timing_out, and timed_out when its agent"
                + " reports; a job no agent matches expires after the expiry time",
            """
            steps:
              - key: slow
                command: sleep 600
                timeout_in_minutes: 1
              - key: nowhere
                command: echo nobody takes me
                agents:
                  queue: nowhere
            """)) {
      AgentRecord agent = r.agent("one");
      String slow = r.take(agent);
      r.advance(Duration.ofSeconds(61));
      assertThat(r.fireDeadlines()).isEqualTo(1);
      assertThat(r.stateOf("slow")).isEqualTo(JobState.TIMING_OUT);
      r.finish(slow, -1, "SIGTERM", "cancel");
      r.advance(HistoryRecorder.EXPIRE_AFTER);
      assertThat(r.fireDeadlines()).isEqualTo(1);
      assertThat(r.stateOf("nowhere")).isEqualTo(JobState.EXPIRED);
      assertThat(r.build().status()).isEqualTo(BuildStatus.FAILED);
      r.save(DIR);
    }
  }

  @Test
  void aLostAgentsJobIsLostAndRetried() throws Exception {
    try (HistoryRecorder r =
        new HistoryRecorder(
            "lost-agent",
            "the agent running a job stops talking; it is marked lost, its job ends lost with"
                + " exit status -1 and its rule retries it on the other agent",
            """
            steps:
              - key: long
                command: ./long.sh
                retry:
                  automatic:
                    - exit_status: -1
                      limit: 1
            """)) {
      AgentRecord quiet = r.agent("quiet");
      AgentRecord chatty = r.agent("chatty");
      r.take(quiet);
      r.advance(HistoryRecorder.LOST_AFTER.plusSeconds(1));
      r.touch(chatty);
      assertThat(r.fireLostAgents()).isEqualTo(1);
      r.run(chatty, 0);
      assertThat(r.build().status()).isEqualTo(BuildStatus.PASSED);
      r.save(DIR);
    }
  }

  @Test
  void jobsOfAgentsThatLeaveBeforeAcceptingAreScheduledAgain() throws Exception {
    try (HistoryRecorder r =
        new HistoryRecorder(
            "agent-departure",
            "one agent disconnects and another is lost, each holding a job it was handed but had"
                + " not accepted; both jobs are scheduled again (JobReleased) and run on a third",
            """
            steps:
              - key: a
                command: ./a.sh
              - key: b
                command: ./b.sh
            """)) {
      AgentRecord leaving = r.agent("leaving");
      AgentRecord quiet = r.agent("quiet");
      AgentRecord staying = r.agent("staying");
      assertThat(r.poll(leaving)).isPresent();
      r.disconnect(leaving);
      assertThat(r.poll(quiet)).isPresent();
      r.advance(HistoryRecorder.LOST_AFTER.plusSeconds(1));
      r.touch(staying);
      assertThat(r.fireLostAgents()).isEqualTo(1);
      r.run(staying, 0);
      r.run(staying, 0);
      assertThat(r.build().status()).isEqualTo(BuildStatus.PASSED);
      r.save(DIR);
    }
  }

  @Test
  void aDynamicUploadRunsBeforeTheWaitBelowTheUploader() throws Exception {
    try (HistoryRecorder r =
        new HistoryRecorder(
            "dynamic-upload",
            "a job uploads two steps (one depending on the other); they run after it and"
                + " before the wait below it; a repeated upload with the same id changes nothing",
            """
            steps:
              - key: generate
                command: buildkite-agent pipeline upload
              - wait
              - key: after
                command: echo after
            """)) {
      AgentRecord agent = r.agent("one");
      String generate = r.take(agent);
      String uploaded =
          """
          steps:
            - key: unit
              command: echo unit
            - key: integration
              depends_on: unit
              command: echo integration
          """;
      r.upload(generate, uploaded, "upload-1");
      r.upload(generate, uploaded, "upload-1");
      r.finish(generate, 0);
      r.run(agent, 0);
      r.run(agent, 0);
      assertThat(r.stateOf("after")).isEqualTo(JobState.SCHEDULED);
      r.run(agent, 0);
      assertThat(r.build().status()).isEqualTo(BuildStatus.PASSED);
      r.save(DIR);
    }
  }

  @Test
  void aCanceledBuildStopsItsRunningJobAndCancelsTheRest() throws Exception {
    try (HistoryRecorder r =
        new HistoryRecorder(
            "cancel",
            "a build is canceled while one job runs and one waits for an agent: the running"
                + " one goes canceling until its agent reports, the others are canceled",
            """
            steps:
              - key: long
                command: sleep 600
              - key: queued
                command: echo queued
              - wait
              - key: never
                command: echo never
            """)) {
      AgentRecord agent = r.agent("one");
      String running = r.take(agent);
      r.cancel("dave");
      assertThat(r.stateOf("long")).isEqualTo(JobState.CANCELING);
      r.finish(running, -1, "SIGTERM", "cancel");
      assertThat(r.build().status()).isEqualTo(BuildStatus.CANCELED);
      r.save(DIR);
    }
  }

  @Test
  void aConcurrencyGroupRunsOneJobAtATime() throws Exception {
    try (HistoryRecorder r =
        new HistoryRecorder(
            "concurrency-group",
            "two deploys share a concurrency group of limit 1 (ordered): the second agent is"
                + " refused the second deploy until the first has finished",
            """
            steps:
              - key: deploy-eu
                command: echo eu
                concurrency: 1
                concurrency_group: deploy/production
                concurrency_method: ordered
              - key: deploy-us
                command: echo us
                concurrency: 1
                concurrency_group: deploy/production
                concurrency_method: ordered
            """)) {
      AgentRecord first = r.agent("first");
      AgentRecord second = r.agent("second");
      String eu = r.take(first);
      assertThat(r.poll(second)).isEmpty();
      r.finish(eu, 0);
      r.run(second, 0);
      assertThat(r.build().status()).isEqualTo(BuildStatus.PASSED);
      r.save(DIR);
    }
  }

  @Test
  void matrixAndParallelismExpandIntoJobs() throws Exception {
    try (HistoryRecorder r =
        new HistoryRecorder(
            "matrix-parallelism",
            "a 2x2 matrix and a step with parallelism 3 expand into jobs run by two agents; the step depending on the matrix waits for all of"
                + " its jobs",
            """
            steps:
              - key: test
                command: "make test OS={{matrix.os}} ARCH={{matrix.arch}}"
                matrix:
                  setup:
                    os: [linux, darwin]
                    arch: [amd64, arm64]
              - key: shard
                command: "echo shard $$BUILDKITE_PARALLEL_JOB"
                parallelism: 3
              - key: package
                depends_on: test
                command: echo package
            """)) {
      AgentRecord one = r.agent("one");
      AgentRecord two = r.agent("two");
      for (int i = 0; i < 7; i++) {
        r.run(i % 2 == 0 ? one : two, 0);
      }
      r.run(one, 0);
      assertThat(r.build().status()).isEqualTo(BuildStatus.PASSED);
      assertThat(r.build().jobs()).hasSize(8);
      r.save(DIR);
    }
  }

  @Test
  void skippedStepsAndCancelOnBuildFailing() throws Exception {
    try (HistoryRecorder r =
        new HistoryRecorder(
            "skip-and-cancel-on-failing",
            "a skipped step counts as passed for its dependents; when a step fails, a running"
                + " step with cancel_on_build_failing is asked to stop",
            """
            steps:
              - key: docs
                command: echo docs
                skip: "docs are built elsewhere"
              - key: needs-docs
                depends_on: docs
                command: echo after docs
              - key: long
                command: sleep 600
                cancel_on_build_failing: true
              - key: fails
                command: exit 5
            """)) {
      assertThat(r.stateOf("docs")).isEqualTo(JobState.SKIPPED);
      for (String name : List.of("one", "two", "three")) {
        r.take(r.agent(name));
      }
      r.finish(r.job("needs-docs").id(), 0);
      r.finish(r.job("fails").id(), 5);
      assertThat(r.stateOf("long")).isEqualTo(JobState.CANCELING);
      String longJob = r.job("long").id();
      r.finish(longJob, -1, "SIGTERM", "cancel");
      assertThat(r.build().status()).isEqualTo(BuildStatus.FAILED);
      r.save(DIR);
    }
  }
}
