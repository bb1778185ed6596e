package dev.cairn.core.decide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.cairn.core.build.BuildState;
import dev.cairn.core.build.BuildStatus;
import dev.cairn.core.job.Job;
import dev.cairn.core.job.JobState;
import dev.cairn.core.job.JobType;
import dev.cairn.core.job.TriggeredBuild;
import dev.cairn.pipeline.PipelineException;
import dev.cairn.pipeline.PipelineParser;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The replay property for builds with trigger steps: random pipelines of commands, waits and
 * trigger steps (sync, async, soft-failing, parallel) whose triggered builds pass, fail or are
 * canceled, or cannot be made, in a random order and with a cancel part-way. The history must
 * replay to the state built step by step after every command, and the build must end as the
 * outcomes say.
 */
class TriggerReplayPropertyTest {
  private static final Set<JobState> ACTIONABLE =
      EnumSet.of(
          JobState.SCHEDULED,
          JobState.ASSIGNED,
          JobState.ACCEPTED,
          JobState.RUNNING,
          JobState.CANCELING);
  private static final BuildStatus[] RESULTS = {
    BuildStatus.PASSED, BuildStatus.PASSED, BuildStatus.FAILED, BuildStatus.CANCELED
  };

  @Test
  void replayEqualsStepwiseStateWithTriggers() {
    qt().withExamples(200)
        .forAll(
            lists().of(integers().between(0, 7)).ofSizeBetween(1, 10),
            lists().of(integers().between(0, 999)).ofSizeBetween(1, 60),
            integers().between(-1, 30))
        .checkAssert(TriggerReplayPropertyTest::runs);
  }

  /**
   * Step kinds: 0 wait; 1-2 a passing command, 3 a failing one; 4 a sync trigger, 5 an async one, 6
   * a soft-failing sync one, 7 a sync one with parallelism 2.
   */
  private static String yaml(List<Integer> kinds) {
    StringBuilder out = new StringBuilder("steps:\n");
    for (int i = 0; i < kinds.size(); i++) {
      String key = "s" + i;
      switch (kinds.get(i)) {
        case 0 -> out.append("  - wait\n");
        case 1, 2 -> out.append("  - key: ").append(key).append("\n    command: exit 0\n");
        case 3 -> out.append("  - key: ").append(key).append("\n    command: exit 1\n");
        case 4 -> out.append("  - key: ").append(key).append("\n    trigger: child\n");
        case 5 ->
            out.append("  - key: ").append(key).append("\n    trigger: child\n    async: true\n");
        case 6 ->
            out.append("  - key: ")
                .append(key)
                .append("\n    trigger: child\n    soft_fail: true\n");
        default ->
            out.append("  - key: ")
                .append(key)
                .append("\n    trigger: child\n    parallelism: 2\n");
      }
    }
    return out.toString();
  }

  private static void runs(List<Integer> kinds, List<Integer> choices, int cancelAt) {
    BuildDriver build;
    try {
      build = BuildDriver.start(PipelineParser.parse("pipeline.yml", yaml(kinds)));
    } catch (PipelineException e) {
      throw new AssertionError(e);
    }
    boolean canceled = false;
    boolean anyFailed = false;
    int limit = 6 * kinds.size() + 4;
    for (int step = 0; !build.state().status().isTerminal(); step++) {
      assertThat(step).as("the build should have ended").isLessThan(limit);
      int choice = choices.get(step % choices.size());
      if (step == cancelAt) {
        build.require(new Command.CancelBuild("someone"));
        canceled = true;
      } else {
        List<Job> actionable =
            build.state().jobList().stream().filter(j -> ACTIONABLE.contains(j.state())).toList();
        assertThat(actionable).as("a build that has not ended has a job to move").isNotEmpty();
        Job job = actionable.get(choice % actionable.size());
        if (job.spec().type() == JobType.TRIGGER) {
          anyFailed |= moveTrigger(build, job, choice);
        } else {
          boolean fails = job.spec().command().equals("exit 1");
          anyFailed |= job.state() == JobState.RUNNING && fails;
          build.require(advance(job, choice, fails ? 1 : 0));
        }
      }
      assertThat(BuildState.replay(build.history())).isEqualTo(build.state());
    }
    assertThat(build.state().jobList()).allMatch(j -> j.state().isTerminal());
    BuildStatus expected =
        canceled ? BuildStatus.CANCELED : anyFailed ? BuildStatus.FAILED : BuildStatus.PASSED;
    assertThat(build.state().status()).isEqualTo(expected);
  }

  /** Moves a trigger job as the server would; returns true when it failed the build. */
  private static boolean moveTrigger(BuildDriver build, Job job, int choice) {
    boolean soft = job.spec().policy().softFail().isSoft();
    if (job.state() == JobState.SCHEDULED) {
      if (choice % 7 == 0) {
        build.require(new Command.FailTrigger(job.id(), "no such pipeline"));
        return !soft;
      }
      build.require(
          new Command.StartTrigger(job.id(), new TriggeredBuild("child-" + job.id(), 1, "child")));
      return false;
    }
    BuildStatus result = RESULTS[choice % RESULTS.length];
    boolean running = job.state() == JobState.RUNNING;
    build.require(new Command.FinishTrigger(job.id(), "child-" + job.id(), result));
    return running && result != BuildStatus.PASSED && !soft;
  }

  private static Command advance(Job job, int choice, int exit) {
    String agent = job.agentId().orElse("agent-" + choice % 3);
    return switch (job.state()) {
      case SCHEDULED -> new Command.AssignJob(job.id(), agent, agent);
      case ASSIGNED -> new Command.AcceptJob(job.id(), agent, "hash-" + choice);
      case ACCEPTED -> new Command.StartJob(job.id());
      case RUNNING -> new Command.FinishJob(job.id(), exit, null, null);
      case CANCELING -> new Command.FinishJob(job.id(), -1, "SIGTERM", "cancel");
      default -> throw new AssertionError("not actionable: " + job.state());
    };
  }
}
