package dev.cairn.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.job.JobDependency;
import dev.cairn.core.job.JobSpec;
import dev.cairn.core.job.JobType;
import dev.cairn.pipeline.CommandStep;
import dev.cairn.pipeline.Dependency;
import dev.cairn.pipeline.Location;
import dev.cairn.pipeline.Pipeline;
import dev.cairn.pipeline.Step;
import dev.cairn.pipeline.WaitStep;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How Buildkite's implicit ordering and explicit {@code depends_on} become job dependencies. */
class StepPlannerTest {

  @Test
  void stepsWaitForTheNearestWaitAboveAndAWaitForEverythingSinceThePreviousOne()
      throws PlanException {
    List<JobSpec> jobs =
        plan(
            command("a", 1),
            command("b", 2),
            waitStep("w1", 3, true),
            command("c", 4),
            waitStep("w2", 5, false),
            command("d", 6));

    assertThat(deps(jobs, "a")).isEmpty();
    assertThat(deps(jobs, "b")).isEmpty();
    assertThat(deps(jobs, "w1"))
        .containsExactly(
            new JobDependency(id(jobs, "a"), true), new JobDependency(id(jobs, "b"), true));
    assertThat(deps(jobs, "c")).containsExactly(new JobDependency(id(jobs, "w1"), false));
    assertThat(deps(jobs, "w2"))
        .containsExactly(
            new JobDependency(id(jobs, "w1"), false), new JobDependency(id(jobs, "c"), false));
    assertThat(deps(jobs, "d")).containsExactly(new JobDependency(id(jobs, "w2"), false));
    assertThat(job(jobs, "w1").type()).isEqualTo(JobType.WAITER);
    assertThat(job(jobs, "w1").continueOnFailure()).isTrue();
  }

  @Test
  void explicitDependsOnReplacesTheBarriersAndMayNameALaterStep() throws PlanException {
    List<JobSpec> jobs =
        plan(
            command("a", 1),
            waitStep("w", 2, false),
            command("b", 3, new Dependency("c", true)),
            independent("free", 4),
            command("c", 5));

    assertThat(deps(jobs, "b")).containsExactly(new JobDependency(id(jobs, "c"), true));
    assertThat(deps(jobs, "free")).isEmpty();
  }

  @Test
  void pipelineEnvIsOverlaidByStepEnv() throws PlanException {
    Location at = new Location("pipeline.yml", 1, 1, "steps[0]");
    CommandStep step =
        new CommandStep(
            Optional.of("a"),
            Optional.empty(),
            "make",
            Optional.empty(),
            Map.of("B", "step"),
            Map.of("queue", "linux"),
            at);
    List<JobSpec> jobs =
        new StepPlanner(new Counter()::next)
            .plan(new Pipeline(Map.of("A", "pipeline", "B", "pipeline"), List.of(step)));

    assertThat(jobs.getFirst().env())
        .containsExactlyInAnyOrderEntriesOf(Map.of("A", "pipeline", "B", "step"));
    assertThat(jobs.getFirst().label()).isEqualTo("make");
    assertThat(jobs.getFirst().agentQuery()).isEqualTo(Map.of("queue", "linux"));
  }

  @Test
  void duplicateKeysAndUnknownDependenciesAreRefusedWithTheirPlace() {
    assertThatThrownBy(() -> plan(command("a", 1), command("a", 7)))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("pipeline.yml:7:")
        .hasMessageContaining("\"a\"");
    assertThatThrownBy(() -> plan(command("a", 1, new Dependency("missing", false))))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("pipeline.yml:1:")
        .hasMessageContaining("missing");
  }

  @Test
  void aStepDependingOnItselfIsRefused() {
    assertThatThrownBy(() -> plan(command("a", 1), command("b", 4, new Dependency("b", false))))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("pipeline.yml:4:")
        .hasMessageContaining("cycle");
  }

  @Test
  void aCycleOfExplicitDependenciesIsRefused() {
    assertThatThrownBy(() ->
            plan(
                command("a", 1, new Dependency("c", false)),
                command("b", 2, new Dependency("a", false)),
                command("c", 3, new Dependency("b", false))))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("cycle");
  }

  @Test
  void aCycleThroughAnImplicitWaitIsRefused() {
    // "a" waits for "c", but "c" waits behind the wait, which waits for "a".
    assertThatThrownBy(() ->
            plan(
                command("a", 1, new Dependency("c", false)),
                waitStep("w", 2, false),
                command("c", 3)))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("cycle");
  }

  @Test
  void stepsThatOnlyFollowACycleAreReportedAtTheCycle() {
    assertThatThrownBy(() ->
            plan(
                command("after", 1, new Dependency("x", false)),
                command("x", 5, new Dependency("y", false)),
                command("y", 6, new Dependency("x", false))))
        .isInstanceOf(PlanException.class)
        .hasMessageMatching("pipeline\\.yml:[56]:.*cycle.*");
  }

  private static final class Counter {
    private int n;

    String next() {
      return "id-" + ++n;
    }
  }

  private static List<JobSpec> plan(Step... steps) throws PlanException {
    return new StepPlanner(new Counter()::next).plan(new Pipeline(Map.of(), List.of(steps)));
  }

  /** A command step without {@code depends_on}. */
  private static CommandStep command(String key, int line) {
    return command(key, line, Optional.empty());
  }

  /** A command step with an explicit {@code depends_on}. */
  private static CommandStep command(String key, int line, Dependency dependsOn) {
    return command(key, line, Optional.of(List.of(dependsOn)));
  }

  /** A command step with {@code depends_on: []}. */
  private static CommandStep independent(String key, int line) {
    return command(key, line, Optional.of(List.of()));
  }

  private static CommandStep command(String key, int line, Optional<List<Dependency>> dependsOn) {
    return new CommandStep(
        Optional.of(key),
        Optional.of(key),
        "echo " + key,
        dependsOn,
        Map.of(),
        Map.of(),
        new Location("pipeline.yml", line, 3, "steps"));
  }

  private static WaitStep waitStep(String key, int line, boolean continueOnFailure) {
    return new WaitStep(
        Optional.of(key),
        Optional.empty(),
        continueOnFailure,
        new Location("pipeline.yml", line, 3, "steps"));
  }

  private static JobSpec job(List<JobSpec> jobs, String key) {
    return jobs.stream()
        .filter(j -> j.stepKey().equals(Optional.of(key)))
        .findFirst()
        .orElseThrow();
  }

  private static String id(List<JobSpec> jobs, String key) {
    return job(jobs, key).id();
  }

  private static List<JobDependency> deps(List<JobSpec> jobs, String key) {
    return job(jobs, key).dependsOn();
  }
}
