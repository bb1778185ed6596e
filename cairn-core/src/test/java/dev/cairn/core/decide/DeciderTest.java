package dev.cairn.core.decide;

import static dev.cairn.core.decide.Steps.allowingFailureOf;
import static dev.cairn.core.decide.Steps.command;
import static dev.cairn.core.decide.Steps.independent;
import static dev.cairn.core.decide.Steps.on;
import static dev.cairn.core.decide.Steps.pipeline;
import static dev.cairn.core.decide.Steps.waitContinuingOnFailure;
import static dev.cairn.core.decide.Steps.waitStep;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.build.BuildEvent;
import dev.cairn.core.build.BuildEvent.BuildFinished;
import dev.cairn.core.build.BuildEvent.JobFinished;
import dev.cairn.core.build.BuildEvent.JobScheduled;
import dev.cairn.core.build.BuildEvent.JobsAdded;
import dev.cairn.core.build.BuildStatus;
import dev.cairn.core.job.JobState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whole builds driven through the decider with the commands agents and users send. */
class DeciderTest {

  @Test
  void emptyPipelinePassesAtOnce() {
    BuildDriver build = BuildDriver.start(pipeline());

    assertThat(build.state().status()).isEqualTo(BuildStatus.PASSED);
    assertThat(build.state().finishedAt()).isPresent();
    assertThat(build.history())
        .map(Object::getClass)
        .containsExactly(BuildEvent.BuildCreated.class, JobsAdded.class, BuildFinished.class);
  }

  @Test
  void stepsRunInOrderAndTheBuildPasses() {
    BuildDriver build = BuildDriver.start(pipeline(command("a"), waitStep("w"), command("b")));
    assertThat(build.keysIn(JobState.SCHEDULED)).containsExactly("a");
    assertThat(build.state().status()).isEqualTo(BuildStatus.SCHEDULED);

    build.assign("a");
    build.accept("a");
    build.startJob("a");
    assertThat(build.state().status()).isEqualTo(BuildStatus.RUNNING);
    build.finish("a", 0);

    assertThat(build.stateOf("w")).isEqualTo(JobState.PASSED);
    assertThat(build.keysIn(JobState.SCHEDULED)).containsExactly("b");
    build.run("b", 0);
    assertThat(build.state().status()).isEqualTo(BuildStatus.PASSED);
  }

  @Test
  void failedStepFailsTheBuildAndBreaksTheStepsAfterItsWait() {
    BuildDriver build =
        BuildDriver.start(
            pipeline(command("a"), command("b"), waitStep("w"), command("c"), command("d")));
    assertThat(build.keysIn(JobState.SCHEDULED)).containsExactly("a", "b");

    build.run("a", 0);
    assertThat(build.stateOf("w")).isEqualTo(JobState.WAITING);
    build.run("b", 1);

    assertThat(build.stateOf("b")).isEqualTo(JobState.FAILED);
    assertThat(build.job("b").exitStatus()).contains(1);
    assertThat(build.stateOf("w")).isEqualTo(JobState.WAITING_FAILED);
    assertThat(build.stateOf("c")).isEqualTo(JobState.BROKEN);
    assertThat(build.stateOf("d")).isEqualTo(JobState.BROKEN);
    assertThat(build.state().status()).isEqualTo(BuildStatus.FAILED);
    assertThat(build.history())
        .filteredOn(JobScheduled.class::isInstance)
        .map(e -> ((JobScheduled) e).jobId())
        .containsExactly(build.id("a"), build.id("b"));
  }

  @Test
  void waitWithContinueOnFailureLetsLaterStepsRunButTheBuildStillFails() {
    BuildDriver build =
        BuildDriver.start(pipeline(command("a"), waitContinuingOnFailure("w"), command("b")));

    build.run("a", 2);

    assertThat(build.stateOf("w")).isEqualTo(JobState.PASSED);
    assertThat(build.keysIn(JobState.SCHEDULED)).containsExactly("b");
    assertThat(build.state().status()).isEqualTo(BuildStatus.RUNNING);

    build.run("b", 0);
    assertThat(build.stateOf("b")).isEqualTo(JobState.PASSED);
    assertThat(build.state().status()).isEqualTo(BuildStatus.FAILED);
  }

  @Test
  void dependentIsScheduledOnlyAfterItsDependencyPassed() {
    BuildDriver build = BuildDriver.start(pipeline(command("b", on("a")), command("a")));
    assertThat(build.keysIn(JobState.SCHEDULED)).containsExactly("a");
    assertThat(build.stateOf("b")).isEqualTo(JobState.WAITING);
    assertThat(build.send(new Command.AssignJob(build.id("b"), "agent-1", "agent-1")))
        .isInstanceOf(Decision.Rejected.class);

    build.assign("a");
    build.accept("a");
    build.startJob("a");
    assertThat(build.stateOf("b")).isEqualTo(JobState.WAITING);
    build.finish("a", 0);

    assertThat(build.stateOf("b")).isEqualTo(JobState.SCHEDULED);
    List<BuildEvent> history = build.history();
    assertThat(indexOf(history, JobScheduled.class, build.id("b")))
        .isGreaterThan(indexOf(history, JobFinished.class, build.id("a")));
    build.run("b", 0);
    assertThat(build.state().status()).isEqualTo(BuildStatus.PASSED);
  }

  @Test
  void dependentOfAFailedStepIsBroken() {
    BuildDriver build = BuildDriver.start(pipeline(command("a"), command("b", on("a"))));

    build.run("a", 1);

    assertThat(build.stateOf("b")).isEqualTo(JobState.BROKEN);
    assertThat(build.state().status()).isEqualTo(BuildStatus.FAILED);
  }

  @Test
  void allowFailureOnADependencyLetsTheDependentRunButTheBuildFails() {
    BuildDriver build =
        BuildDriver.start(pipeline(command("a"), command("b", allowingFailureOf("a"))));
    assertThat(build.keysIn(JobState.SCHEDULED)).containsExactly("a");

    build.run("a", 1);
    assertThat(build.keysIn(JobState.SCHEDULED)).containsExactly("b");

    build.run("b", 0);
    assertThat(build.stateOf("b")).isEqualTo(JobState.PASSED);
    assertThat(build.state().status()).isEqualTo(BuildStatus.FAILED);
  }

  @Test
  void explicitEmptyDependsOnIgnoresTheImplicitWaitBarrier() {
    BuildDriver build =
        BuildDriver.start(pipeline(command("a"), waitStep("w"), command("b"), command("c")));
    assertThat(build.keysIn(JobState.SCHEDULED)).containsExactly("a");

    BuildDriver free =
        BuildDriver.start(pipeline(command("a"), waitStep("w"), independent("b"), command("c")));
    assertThat(free.keysIn(JobState.SCHEDULED)).containsExactly("a", "b");

    free.run("a", 1);
    assertThat(free.stateOf("c")).isEqualTo(JobState.BROKEN);
    assertThat(free.stateOf("b")).isEqualTo(JobState.SCHEDULED);
    assertThat(free.state().status()).isEqualTo(BuildStatus.RUNNING);

    free.run("b", 0);
    assertThat(free.state().status()).isEqualTo(BuildStatus.FAILED);
  }

  @Test
  void cancelStopsRunningJobsThroughTheAgentAndCancelsTheRest() {
    BuildDriver build =
        BuildDriver.start(pipeline(command("a"), command("b"), waitStep("w"), command("c")));
    build.assign("a");
    build.accept("a");
    build.startJob("a");

    build.require(new Command.CancelBuild("alice"));

    assertThat(build.state().status()).isEqualTo(BuildStatus.CANCELING);
    assertThat(build.state().cancelRequested()).isTrue();
    assertThat(build.stateOf("a")).isEqualTo(JobState.CANCELING);
    assertThat(build.stateOf("b")).isEqualTo(JobState.CANCELED);
    assertThat(build.stateOf("w")).isEqualTo(JobState.CANCELED);
    assertThat(build.stateOf("c")).isEqualTo(JobState.CANCELED);
    assertThat(build.send(new Command.CancelBuild("bob")))
        .isEqualTo(new Decision.Accepted(List.of()));

    build.require(new Command.FinishJob(build.id("a"), -1, "SIGTERM", "cancel"));

    assertThat(build.stateOf("a")).isEqualTo(JobState.CANCELED);
    assertThat(build.job("a").signalReason()).contains("cancel");
    assertThat(build.state().status()).isEqualTo(BuildStatus.CANCELED);
    assertThat(build.send(new Command.CancelBuild("bob"))).isInstanceOf(Decision.Rejected.class);
  }

  @Test
  void cancelOfABuildNoAgentHoldsFinishesItAtOnce() {
    BuildDriver build = BuildDriver.start(pipeline(command("a"), waitStep("w"), command("b")));

    build.require(new Command.CancelBuild("alice"));

    assertThat(build.state().jobList()).allMatch(j -> j.state() == JobState.CANCELED);
    assertThat(build.state().status()).isEqualTo(BuildStatus.CANCELED);
  }

  @Test
  void finishingAJobTwiceIsRejected() {
    BuildDriver build = BuildDriver.start(pipeline(command("a"), command("b")));
    build.run("a", 0);

    Decision again = build.send(new Command.FinishJob(build.id("a"), 1, null, null));

    assertThat(again).isInstanceOf(Decision.Rejected.class);
    assertThat(((Decision.Rejected) again).reason()).contains(build.id("a"), "passed");
    assertThat(build.stateOf("a")).isEqualTo(JobState.PASSED);
    assertThat(build.job("a").exitStatus()).contains(0);
  }

  @Test
  void finishingTheLastJobTwiceIsRejectedAfterTheBuildFinished() {
    BuildDriver build = BuildDriver.start(pipeline(command("a")));
    build.run("a", 0);

    assertThat(build.send(new Command.FinishJob(build.id("a"), 0, null, null)))
        .isInstanceOf(Decision.Rejected.class);
    assertThat(build.state().status()).isEqualTo(BuildStatus.PASSED);
  }

  @Test
  void assigningAJobThatIsNotScheduledIsRejected() {
    BuildDriver build = BuildDriver.start(pipeline(command("a"), waitStep("w"), command("b")));
    build.assign("a");

    assertThat(build.send(new Command.AssignJob(build.id("b"), "agent-1", "agent-1")))
        .isInstanceOf(Decision.Rejected.class);
    assertThat(build.send(new Command.AssignJob(build.id("a"), "agent-2", "agent-2")))
        .isInstanceOf(Decision.Rejected.class);
    assertThat(build.send(new Command.AssignJob("no-such-job", "agent-1", "agent-1")))
        .isInstanceOf(Decision.Rejected.class);
    assertThat(build.job("a").agentId()).contains(BuildDriver.AGENT);
  }

  @Test
  void acceptingAJobAssignedToAnotherAgentIsRejected() {
    BuildDriver build = BuildDriver.start(pipeline(command("a")));
    build.assign("a");

    Decision decision = build.send(new Command.AcceptJob(build.id("a"), "agent-2", "hash"));

    assertThat(decision).isInstanceOf(Decision.Rejected.class);
    assertThat(build.stateOf("a")).isEqualTo(JobState.ASSIGNED);
    assertThat(build.job("a").tokenHash()).isEmpty();
  }

  @Test
  void commandsOtherThanFinishAreRejectedOnceTheBuildFinished() {
    BuildDriver build = BuildDriver.start(pipeline(command("a")));
    build.run("a", 0);

    assertThat(build.send(new Command.AddJobs(List.of()))).isInstanceOf(Decision.Rejected.class);
    assertThat(build.send(new Command.StartJob(build.id("a"))))
        .isInstanceOf(Decision.Rejected.class);
  }

  @Test
  void aRepeatedStartIsAnAcceptedNoOp() {
    BuildDriver build = BuildDriver.start(pipeline(command("a")));
    build.assign("a");
    build.accept("a");
    build.startJob("a");

    assertThat(build.send(new Command.StartJob(build.id("a"))))
        .isEqualTo(new Decision.Accepted(List.of()));
  }

  private static int indexOf(List<BuildEvent> history, Class<?> type, String jobId) {
    for (int i = 0; i < history.size(); i++) {
      BuildEvent e = history.get(i);
      if (type.isInstance(e) && BuildDriver.jobStep(e).orElseThrow().jobId().equals(jobId)) {
        return i;
      }
    }
    throw new AssertionError("no " + type.getSimpleName() + " for " + jobId);
  }
}
