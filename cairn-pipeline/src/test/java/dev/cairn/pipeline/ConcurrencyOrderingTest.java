package dev.cairn.pipeline;

import static dev.cairn.pipeline.ExpansionTest.expand;
import static dev.cairn.pipeline.ExpansionTest.graph;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Spec §7: depending on a step in a concurrency group means depending on the rest of it too. */
class ConcurrencyOrderingTest {
  @Test
  void dependingOnOneMemberWaitsForTheWholeGroup() {
    var graph =
        graph(
            expand(
                """
                steps:
                  - {label: staging, key: staging, command: x, concurrency: 1, concurrency_group: deploy}
                  - {label: prod, key: prod, command: x, concurrency: 1, concurrency_group: deploy}
                  - {label: other, key: other, command: x, concurrency: 1, concurrency_group: other}
                  - {label: smoke, command: x, depends_on: staging}
                """));

    assertThat(graph.get("smoke")).containsExactly("staging", "prod");
  }

  @Test
  void aStepWithoutDependenciesOnTheGroupIsUnchanged() {
    var graph =
        graph(
            expand(
                """
                steps:
                  - {label: a, key: a, command: x, concurrency: 1, concurrency_group: deploy}
                  - {label: b, key: b, command: x}
                  - {label: c, command: x, depends_on: b}
                  - {label: d, command: x, concurrency: 1, concurrency_group: deploy}
                """));

    assertThat(graph.get("c")).containsExactly("b");
  }

  @Test
  void membersThatWaitForTheDependentAreLeftOutSoNoCycleForms() {
    // The concurrency gate pattern: open, work, close, all ordered by barriers and depends_on.
    var graph =
        graph(
            expand(
                """
                steps:
                  - {label: open, key: open, command: x, concurrency: 1, concurrency_group: gate}
                  - {label: work, key: work, command: x, depends_on: open}
                  - {label: close, command: x, depends_on: work, concurrency: 1, concurrency_group: gate}
                """));

    assertThat(graph.get("work"))
        .as("close waits for work, so work cannot wait for it")
        .containsExactly("open");
    assertThat(graph.get("close")).containsExactly("work");
  }

  @Test
  void aMemberDependingOnAnotherWaitsForTheRestButNotForItself() {
    var graph =
        graph(
            expand(
                """
                steps:
                  - {label: a, key: a, command: x, concurrency: 2, concurrency_group: g}
                  - {label: b, key: b, command: x, concurrency: 2, concurrency_group: g}
                  - {label: c, key: c, command: x, depends_on: a, concurrency: 2, concurrency_group: g}
                """));

    assertThat(graph.get("c")).containsExactly("a", "b");
    assertThat(graph.get("a")).isEmpty();
  }

  @Test
  void theAddedDependenciesAllowFailureOnlyWhenTheDependencyThatBroughtThemDoes() {
    Expansion e =
        expand(
            """
            steps:
              - {label: a, key: a, command: x, concurrency: 1, concurrency_group: g}
              - {label: b, key: b, command: x, concurrency: 1, concurrency_group: g}
              - {label: lenient, command: x, depends_on: [{step: a, allow_failure: true}]}
              - {label: strict, command: x, depends_on: a}
            """);

    assertThat(allowFailure(e, "lenient")).containsExactly(true, true);
    assertThat(allowFailure(e, "strict")).containsExactly(false, false);
  }

  @Test
  void theMatrixJobsOfAMemberAreAllPartOfTheGroup() {
    var graph =
        graph(
            expand(
                """
                steps:
                  - {label: "a {{matrix}}", key: a, command: x, matrix: [1, 2], concurrency: 1, concurrency_group: g}
                  - {label: b, key: b, command: x, concurrency: 1, concurrency_group: g}
                  - {label: after, command: x, depends_on: b}
                """));

    assertThat(graph.get("after")).containsExactly("b", "a 1", "a 2");
  }

  private static List<Boolean> allowFailure(Expansion e, String label) {
    return e.jobs().stream()
        .filter(j -> j.label().equals(label))
        .findFirst()
        .orElseThrow()
        .dependsOn()
        .stream()
        .map(PlannedDependency::allowFailure)
        .toList();
  }
}
