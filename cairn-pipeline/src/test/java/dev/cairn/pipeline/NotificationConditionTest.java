package dev.cairn.pipeline;

import static dev.cairn.pipeline.Parsing.at;
import static dev.cairn.pipeline.Parsing.onlyProblem;
import static dev.cairn.pipeline.Parsing.parse;
import static dev.cairn.pipeline.Parsing.problems;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The {@code if} of a notification is type-checked at upload, like a step's (spec §5). */
class NotificationConditionTest {
  @Test
  void aTypeErrorInATopLevelNotificationRefusesTheUploadNamingItAndItsLine() {
    PipelineProblem problem =
        onlyProblem(
            """
            steps:
              - command: x
            notify:
              - email: dev@example.com
              - slack: "#builds"
                if: build.number == "42"
            """);

    assertThat(problem.location()).isEqualTo(at(6, 9, "notify[1].if"));
    assertThat(problem.message())
        .isEqualTo(
            "invalid if expression in a notification: cannot compare a number with a string"
                + " using ==");
  }

  @Test
  void stepAndGroupNotificationsAreCheckedToo() {
    var problems =
        problems(
            """
            steps:
              - command: x
                notify:
                  - github_commit_status: {context: ci}
                    if: build.state
              - group: g
                notify:
                  - slack: "#g"
                    if: build.nope == "x"
                steps:
                  - command: y
            """);

    assertThat(problems)
        .extracting(PipelineProblem::location)
        .containsExactly(at(5, 13, "steps[0].notify[0].if"), at(9, 13, "steps[1].notify[0].if"));
    assertThat(problems)
        .extracting(PipelineProblem::message)
        .containsExactly(
            "invalid if expression in a notification: expected the expression to give a boolean,"
                + " found a string",
            "invalid if expression in a notification: unknown variable build.nope");
  }

  @Test
  void notificationsMayReadTheVariablesOnlyTheyHave() {
    Pipeline pipeline =
        parse(
            """
            steps:
              - command: x
                notify:
                  - slack: "#x"
                    if: step.outcome == "hard_failed" && build.branch == "main"
            notify:
              - email: dev@example.com
                if: pipeline.started_failing || build.state == "passed"
            """);

    assertThat(pipeline.notifications()).isPresent();
  }

  @Test
  void aStepIfMayNotReadNotificationVariables() {
    PipelineProblem problem =
        onlyProblem(
            """
            steps:
              - command: x
                if: pipeline.started_failing
            """);

    assertThat(problem.message())
        .isEqualTo("invalid if expression: unknown variable pipeline.started_failing");
  }

  @Test
  void aSyntaxErrorIsReportedAndNotificationsWithoutIfAreLeftAlone() {
    PipelineProblem problem =
        onlyProblem(
            """
            steps:
              - command: x
            notify:
              - "github_check"
              - email: a@example.com
                if: build.branch ==
            """);

    assertThat(problem.location()).isEqualTo(at(6, 9, "notify[1].if"));
    assertThat(problem.message()).startsWith("invalid if expression in a notification: ");
  }
}
