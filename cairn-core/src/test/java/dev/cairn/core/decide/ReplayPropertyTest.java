package dev.cairn.core.decide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.cairn.core.build.BuildEvent;
import dev.cairn.core.build.BuildEvent.JobScheduled;
import dev.cairn.core.build.BuildState;
import dev.cairn.core.build.BuildStatus;
import dev.cairn.core.job.Job;
import dev.cairn.core.job.JobDependency;
import dev.cairn.core.job.JobState;
import dev.cairn.pipeline.CommandStep;
import dev.cairn.pipeline.Dependency;
import dev.cairn.pipeline.Location;
import dev.cairn.pipeline.Pipeline;
import dev.cairn.pipeline.Step;
import dev.cairn.pipeline.WaitStep;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Random pipelines (commands, waits with and without {@code continue_on_failure}, explicit and
 * implicit dependencies) run by agents that pick jobs in a random order and finish them with random
 * exit statuses, sometimes with a cancel part-way. Whatever happens, the history must replay to the
 * state built step by step, every job must end terminal, and the build must end as the exit
 * statuses say.
 */
class ReplayPropertyTest {
  private static final Location HERE = new Location("pipeline.yml", 1, 1, "steps");
  private static final Set<JobState> ACTIONABLE =
      EnumSet.of(
          JobState.SCHEDULED,
          JobState.ASSIGNED,
          JobState.ACCEPTED,
          JobState.RUNNING,
          JobState.CANCELING);

  /**
   * One step as generated. {@code dependency} below -1 means none given (the implicit barriers), -1
   * means {@code depends_on: []}, and otherwise names an earlier step by index (modulo).
   */
  record Shape(
      boolean isWait,
      boolean continueOnFailure,
      int exitStatus,
      int dependency,
      boolean allowFailure) {}

  @Test
  void replayEqualsStepwiseStateAndTheBuildAlwaysEnds() {
    qt().withExamples(400)
        .forAll(
            shapes(),
            lists().of(integers().between(0, 999)).ofSizeBetween(0, 60),
            integers().between(-1, 40))
        .checkAssert(ReplayPropertyTest::runs);
  }

  private static void runs(List<Shape> shapes, List<Integer> choices, int cancelAt) {
    BuildDriver build = BuildDriver.start(pipelineOf(shapes));
    assertThat(BuildState.replay(build.history())).isEqualTo(build.state());

    boolean canceled = false;
    boolean anyFailed = false;
    int limit = 5 * shapes.size() + 2;
    for (int step = 0; !build.state().status().isTerminal(); step++) {
      assertThat(step).as("the build should have ended").isLessThan(limit);
      int choice = choices.isEmpty() ? step : choices.get(step % choices.size());
      if (step == cancelAt) {
        build.require(new Command.CancelBuild("someone"));
        canceled = true;
      } else {
        List<Job> actionable =
            build.state().jobList().stream().filter(j -> ACTIONABLE.contains(j.state())).toList();
        assertThat(actionable).as("a build that has not ended has a job to move").isNotEmpty();
        Job job = actionable.get(choice % actionable.size());
        int exit = shapes.get(indexOf(job)).exitStatus();
        anyFailed |= job.state() == JobState.RUNNING && exit != 0;
        build.require(advance(job, choice, exit));
      }
      assertThat(BuildState.replay(build.history())).isEqualTo(build.state());
    }

    assertThat(build.state().jobList()).allMatch(j -> j.state().isTerminal());
    assertThat(build.state().finishedAt()).isPresent();
    BuildStatus expected =
        canceled ? BuildStatus.CANCELED : anyFailed ? BuildStatus.FAILED : BuildStatus.PASSED;
    assertThat(build.state().status()).isEqualTo(expected);
    assertScheduledOnlyOnceDependenciesAllowed(build.history());
  }

  /** The next thing an agent does with a job it can move. */
  private static Command advance(Job job, int choice, int exit) {
    String agent = job.agentId().orElse("agent-" + choice % 3);
    return switch (job.state()) {
      case SCHEDULED -> new Command.AssignJob(job.id(), agent, agent);
      case ASSIGNED -> new Command.AcceptJob(job.id(), agent, "hash-" + choice);
      case ACCEPTED -> new Command.StartJob(job.id());
      case RUNNING -> new Command.FinishJob(job.id(), exit, null, null);
      case CANCELING ->
          choice % 2 == 0
              ? new Command.FinishJob(job.id(), -1, "SIGTERM", "cancel")
              : new Command.FinishJob(job.id(), exit, null, null);
      default -> throw new AssertionError("not actionable: " + job.state());
    };
  }

  private static void assertScheduledOnlyOnceDependenciesAllowed(List<BuildEvent> history) {
    BuildState state = BuildState.replay(history.subList(0, 1));
    for (BuildEvent event : history.subList(1, history.size())) {
      if (event instanceof JobScheduled scheduled) {
        for (JobDependency dep : state.jobs().get(scheduled.jobId()).spec().dependsOn()) {
          JobState depState = state.jobs().get(dep.jobId()).state();
          assertThat(
                  depState == JobState.PASSED
                      || (dep.allowFailure() && depState == JobState.FAILED))
              .as("scheduled " + scheduled.jobId() + " while " + dep.jobId() + " is " + depState)
              .isTrue();
        }
      }
      state = state.apply(event);
    }
  }

  private static Gen<List<Shape>> shapes() {
    Gen<Shape> wait = booleans().all().map(continueOn -> new Shape(true, continueOn, 0, -2, false));
    Gen<Shape> command =
        integers()
            .between(0, 4)
            .map(i -> i < 3 ? 0 : i - 2)
            .zip(
                integers().between(-4, 20),
                booleans().all(),
                (exit, dependency, allowFailure) ->
                    new Shape(false, false, exit, dependency, allowFailure));
    Gen<Shape> step = integers().between(0, 3).flatMap(kind -> kind == 0 ? wait : command);
    return lists().of(step).ofSizeBetween(0, 12);
  }

  private static Pipeline pipelineOf(List<Shape> shapes) {
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < shapes.size(); i++) {
      Shape s = shapes.get(i);
      Optional<String> key = Optional.of("s" + i);
      if (s.isWait()) {
        steps.add(new WaitStep(key, Optional.empty(), s.continueOnFailure(), HERE));
      } else {
        steps.add(
            new CommandStep(
                key, key, "exit " + s.exitStatus(), dependsOn(s, i), Map.of(), Map.of(), HERE));
      }
    }
    return new Pipeline(Map.of(), steps);
  }

  private static Optional<List<Dependency>> dependsOn(Shape s, int index) {
    if (s.dependency() < -1 || (s.dependency() >= 0 && index == 0)) {
      return Optional.empty();
    }
    if (s.dependency() == -1) {
      return Optional.of(List.of());
    }
    return Optional.of(List.of(new Dependency("s" + s.dependency() % index, s.allowFailure())));
  }

  private static int indexOf(Job job) {
    return Integer.parseInt(job.spec().stepKey().orElseThrow().substring(1));
  }
}
