package dev.cairn.core.decide;

import static dev.cairn.core.decide.Steps.command;
import static dev.cairn.core.decide.Steps.pipeline;
import static dev.cairn.core.decide.Steps.waitStep;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.build.BuildStatus;
import dev.cairn.core.job.JobState;
import dev.cairn.core.job.JobTransitions;
import dev.cairn.core.job.JobTransitions.Transition;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Proves the job transition table is all used: a handful of builds, driven through the decider, are
 * replayed from their histories and every (state, event, state) they pass through is collected.
 * Each row of {@link JobTransitions#TABLE} must be among them, and nothing outside the table may
 * be. A new row without a scenario here fails this test.
 */
class TransitionCoverageTest {

  @Test
  void everyRowOfTheJobTransitionTableIsExercised() {
    List<Transition> visited = new ArrayList<>();
    for (BuildDriver build :
        List.of(
            passing(),
            failing(),
            finishedWithoutStart(),
            canceled(),
            timedOut(),
            expiredAndLost(),
            released(),
            retriedByHand(),
            blockedAndSkipped(),
            triggered())) {
      visited.addAll(BuildDriver.transitionsOf(build.history()));
    }

    Set<Transition> unvisited = new LinkedHashSet<>(JobTransitions.TABLE);
    unvisited.removeAll(visited);
    assertThat(unvisited).as("table rows no scenario exercised").isEmpty();
    assertThat(visited).as("transitions outside the table").isSubsetOf(JobTransitions.TABLE);
  }

  /**
   * Timeouts fire on jobs an agent holds in each state; the agents then finish in each way they
   * may, or are lost while the job is timing out.
   */
  private static BuildDriver timedOut() {
    BuildDriver build =
        BuildDriver.start(pipeline(command("a"), command("b"), command("c"), command("d")));
    build.assign("a");
    build.require(new Command.TimeOutJob(build.id("a")));
    build.accept("a");
    build.startJob("a");
    build.finish("a", 0);
    build.assign("b");
    build.accept("b");
    build.require(new Command.TimeOutJob(build.id("b")));
    build.finish("b", 1);
    build.assign("c");
    build.accept("c");
    build.startJob("c");
    build.require(new Command.TimeOutJob(build.id("c")));
    build.require(new Command.FinishJob(build.id("c"), -1, "SIGTERM", "cancel"));
    build.assign("d");
    build.accept("d");
    build.startJob("d");
    build.require(new Command.TimeOutJob(build.id("d")));
    build.require(new Command.LoseJob(build.id("d"), BuildDriver.AGENT));
    assertThat(build.state().status()).isEqualTo(BuildStatus.FAILED);
    return build;
  }

  /**
   * A job nobody takes expires; agents holding jobs in each state are lost, one while canceling.
   */
  private static BuildDriver expiredAndLost() {
    BuildDriver build =
        BuildDriver.start(
            pipeline(command("x"), command("a"), command("b"), command("c"), command("d")));
    build.require(new Command.ExpireJob(build.id("x")));
    build.assign("a");
    build.require(new Command.LoseJob(build.id("a"), BuildDriver.AGENT));
    build.assign("b");
    build.accept("b");
    build.require(new Command.LoseJob(build.id("b"), BuildDriver.AGENT));
    build.assign("c");
    build.accept("c");
    build.startJob("c");
    build.require(new Command.LoseJob(build.id("c"), BuildDriver.AGENT));
    build.assign("d");
    build.require(new Command.CancelBuild("someone"));
    build.require(new Command.LoseJob(build.id("d"), BuildDriver.AGENT));
    assertThat(build.state().status()).isEqualTo(BuildStatus.CANCELED);
    return build;
  }

  /**
   * A job whose agent went away before accepting it is scheduled again, with no agent; a release
   * naming another agent, or repeated, changes nothing; another agent then runs it.
   */
  private static BuildDriver released() {
    BuildDriver build = BuildDriver.start(pipeline(command("a")));
    build.assign("a");
    int before = build.history().size();
    build.require(new Command.ReleaseJob(build.id("a"), "another-agent", "disconnected"));
    assertThat(build.history()).as("not that agent's job").hasSize(before);
    build.require(new Command.ReleaseJob(build.id("a"), BuildDriver.AGENT, "disconnected"));
    assertThat(build.stateOf("a")).isEqualTo(JobState.SCHEDULED);
    assertThat(build.job("a").agentId()).isEmpty();
    build.require(new Command.ReleaseJob(build.id("a"), BuildDriver.AGENT, "disconnected"));
    assertThat(build.history()).as("released once").hasSize(before + 1);
    build.run("a", 0);
    assertThat(build.state().status()).isEqualTo(BuildStatus.PASSED);
    return build;
  }

  /** A block is unblocked, another is canceled while blocked, and a skipped step is passed over. */
  private static BuildDriver blockedAndSkipped() {
    BuildDriver build;
    try {
      build =
          BuildDriver.start(
              dev.cairn.pipeline.PipelineParser.parse(
                  "p.yml",
                  """
                  steps:
                    - key: gone
                      command: x
                      skip: not today
                    - block: Release?
                      key: release
                    - key: after
                      command: y
                    - block: Second gate
                      key: gate
                  """));
    } catch (dev.cairn.pipeline.PipelineException e) {
      throw new AssertionError(e);
    }
    assertThat(build.stateOf("gone")).isEqualTo(dev.cairn.core.job.JobState.SKIPPED);
    build.require(new Command.UnblockJob(build.id("release"), "ops", java.util.Map.of()));
    build.run("after", 0);
    build.require(new Command.CancelBuild("ops"));
    assertThat(build.state().status()).isEqualTo(BuildStatus.CANCELED);
    return build;
  }

  /** A trigger job runs while its build does and passes; another cannot make its build. */
  private static BuildDriver triggered() {
    BuildDriver build;
    try {
      build =
          BuildDriver.start(
              dev.cairn.pipeline.PipelineParser.parse(
                  "p.yml",
                  """
                  steps:
                    - trigger: child
                      key: ok
                    - trigger: nowhere
                      key: bad
                      soft_fail: true
                  """));
    } catch (dev.cairn.pipeline.PipelineException e) {
      throw new AssertionError(e);
    }
    build.require(
        new Command.StartTrigger(
            build.id("ok"), new dev.cairn.core.job.TriggeredBuild("child-1", 1, "child")));
    build.require(new Command.FailTrigger(build.id("bad"), "no such pipeline"));
    build.require(new Command.FinishTrigger(build.id("ok"), "child-1", BuildStatus.PASSED));
    assertThat(build.state().status()).isEqualTo(BuildStatus.PASSED);
    return build;
  }

  /** A failed build is retried by hand: the failed wait and the broken step wait again. */
  private static BuildDriver retriedByHand() {
    BuildDriver build = BuildDriver.start(pipeline(command("a"), waitStep("w"), command("b")));
    build.run("a", 1);
    assertThat(build.state().status()).isEqualTo(BuildStatus.FAILED);
    build.require(new Command.RetryJob(build.id("a"), "someone"));
    String retry = build.state().job(build.id("a")).orElseThrow().retriedBy().orElseThrow();
    build.require(new Command.AssignJob(retry, BuildDriver.AGENT, BuildDriver.AGENT));
    build.require(new Command.AcceptJob(retry, BuildDriver.AGENT, "hash"));
    build.require(new Command.StartJob(retry));
    build.require(new Command.FinishJob(retry, 0, null, null));
    build.run("b", 0);
    assertThat(build.state().status()).isEqualTo(BuildStatus.PASSED);
    return build;
  }

  /**
   * Scheduled, assigned, accepted, running and passed; a wait that passes. Job b is accepted and
   * started in one call and that call repeated (its first reply lost), which keeps it running.
   */
  private static BuildDriver passing() {
    BuildDriver build = BuildDriver.start(pipeline(command("a"), waitStep("w"), command("b")));
    build.run("a", 0);
    build.assign("b");
    build.accept("b");
    build.startJob("b");
    build.accept("b");
    assertThat(build.stateOf("b")).isEqualTo(JobState.RUNNING);
    build.finish("b", 0);
    assertThat(build.state().status()).isEqualTo(BuildStatus.PASSED);
    return build;
  }

  /** A running job fails, its wait fails, and the step behind it breaks. */
  private static BuildDriver failing() {
    BuildDriver build = BuildDriver.start(pipeline(command("a"), waitStep("w"), command("b")));
    build.run("a", 1);
    assertThat(build.state().status()).isEqualTo(BuildStatus.FAILED);
    return build;
  }

  /** An agent accepts twice (a retried request) and finishes without ever reporting a start. */
  private static BuildDriver finishedWithoutStart() {
    BuildDriver build = BuildDriver.start(pipeline(command("a"), command("b")));
    build.assign("a");
    build.accept("a");
    build.finish("a", 0);
    build.assign("b");
    build.accept("b");
    build.accept("b");
    build.finish("b", 1);
    assertThat(build.state().status()).isEqualTo(BuildStatus.FAILED);
    return build;
  }

  /**
   * Cancel with jobs in every state an agent can hold them in, plus scheduled and waiting ones; the
   * agents then finish their jobs in each way they may.
   */
  private static BuildDriver canceled() {
    BuildDriver build =
        BuildDriver.start(
            pipeline(
                command("assigned"),
                command("accepted"),
                command("running"),
                command("scheduled"),
                waitStep("w"),
                command("waiting")));
    build.assign("assigned");
    build.assign("accepted");
    build.accept("accepted");
    build.assign("running");
    build.accept("running");
    build.startJob("running");

    build.require(new Command.CancelBuild("alice"));

    build.accept("assigned");
    build.startJob("assigned");
    build.finish("assigned", 0);
    build.finish("accepted", 1);
    build.require(new Command.FinishJob(build.id("running"), -1, "SIGTERM", "cancel"));
    assertThat(build.state().status()).isEqualTo(BuildStatus.CANCELED);
    return build;
  }
}
