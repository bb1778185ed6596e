package dev.cairn.pipeline;

import static dev.cairn.pipeline.Parsing.at;
import static dev.cairn.pipeline.Parsing.onlyProblem;
import static dev.cairn.pipeline.Parsing.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemReportingTest {
  @Test
  void reportsEveryProblemInTheFileNotJustTheFirst() {
    List<PipelineProblem> problems =
        problems(
            """
            steps:
              - command: make
                key: "bad key"
              - wait: ~
                continue_on_failure: maybe
              - group: ~
              - command: test
                depends_on: [[x]]
            """);

    assertThat(problems)
        .extracting(PipelineProblem::location)
        .containsExactly(
            at(3, 10, "steps[0].key"),
            at(5, 26, "steps[1].continue_on_failure"),
            at(6, 5, "steps[2]"),
            at(8, 18, "steps[3].depends_on[0]"));
  }

  @Test
  void aSyntaxErrorPointsAtItsLineAndColumn() {
    PipelineProblem problem = onlyProblem("steps:\n  - command: make\n   label: x\n");

    assertThat(problem.location()).isEqualTo(at(3, 4, ""));
    assertThat(problem.message())
        .isEqualTo(
            "invalid YAML: expected <block end>, but found '<block mapping start>' (while parsing"
                + " a block collection that starts at line 2, column 3)");
  }

  @Test
  void anUnclosedBracketSaysWhereItOpened() {
    PipelineProblem problem = onlyProblem("steps:\n  - command: [make\n  - wait\n");

    assertThat(problem.location().line()).isEqualTo(4);
    assertThat(problem.message())
        .startsWith("invalid YAML: ")
        .endsWith("(while parsing a flow sequence that starts at line 2, column 14)");
  }

  @Test
  void aTabIndentIsASyntaxErrorAtTheTab() {
    PipelineProblem problem = onlyProblem("steps:\n\t- wait\n");

    assertThat(problem.location()).isEqualTo(at(2, 1, ""));
    assertThat(problem.message()).contains("TAB");
  }

  /** Found by {@link ParserRobustnessTest}: snakeyaml-engine 3.2 throws NumberFormatException. */
  @Test
  void anUnfinishedEscapeAtTheEndOfTheFileIsAProblem() {
    PipelineProblem problem = onlyProblem("steps: \"\\x");

    assertThat(problem.location()).isEqualTo(at(1, 1, ""));
    assertThat(problem.message())
        .startsWith("invalid YAML (the YAML reader failed with NumberFormatException: ");
  }

  @Test
  void anUndefinedAliasIsAProblem() {
    PipelineProblem problem = onlyProblem("steps:\n  - *nope\n");

    assertThat(problem.location()).isEqualTo(at(2, 5, ""));
    assertThat(problem.message()).isEqualTo("invalid YAML: found undefined alias nope");
  }

  @Test
  void theExceptionMessageListsEveryProblemInEditorFormat() {
    PipelineException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            PipelineException.class,
            () -> PipelineParser.parse("ci.yml", "steps:\n  - nope\n  - 3\n"));

    assertThat(e.getMessage())
        .isEqualTo(
            "ci.yml:2:5: steps[0]: expected a step written as text to be wait, waiter, block,"
                + " input or manual, found \"nope\"\n"
                + "ci.yml:3:5: steps[1]: expected a step written as text to be wait, waiter,"
                + " block, input or manual, found \"3\"");
  }

  @Test
  void aStepThatIsAListIsAProblem() {
    PipelineProblem problem = onlyProblem("steps:\n  - [wait]\n");

    assertThat(problem.location()).isEqualTo(at(2, 5, "steps[0]"));
    assertThat(problem.message())
        .isEqualTo("expected a step (a mapping, or \"wait\"), found a list");
  }

  @Test
  void aStepWithNoDecidingKeyNamesTheKeysFound() {
    PipelineProblem problem = onlyProblem("steps:\n  - label: hi\n    if: x\n");

    assertThat(problem.location()).isEqualTo(at(2, 5, "steps[0]"));
    assertThat(problem.message())
        .isEqualTo(
            "expected a step with one of command, commands, plugins, wait, block, input, trigger"
                + " or group, found a mapping with keys [label, if]");
  }

  @Test
  void anUnknownTypeIsAProblem() {
    PipelineProblem problem = onlyProblem("steps:\n  - type: deploy\n");

    assertThat(problem.location()).isEqualTo(at(2, 11, "steps[0].type"));
    assertThat(problem.message())
        .isEqualTo(
            "expected a step type (command, script, commands, wait, waiter, block, manual, input,"
                + " trigger, group), found \"deploy\"");
  }
}
