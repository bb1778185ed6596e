package dev.cairn.pipeline;

import static dev.cairn.pipeline.Parsing.at;
import static dev.cairn.pipeline.Parsing.onlyProblem;
import static dev.cairn.pipeline.Parsing.parse;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopLevelTest {
  @Test
  void readsStepsAndEnvFromAMapping() {
    Pipeline pipeline =
        parse(
            """
            env:
              B: two
              A: 1
            steps:
              - command: make
              - wait
            """);

    assertThat(pipeline.env()).containsExactly(entry("B", "two"), entry("A", "1"));
    assertThat(pipeline.steps()).hasSize(2);
    assertThat(pipeline.steps().get(0)).isInstanceOf(CommandStep.class);
    assertThat(pipeline.steps().get(1)).isInstanceOf(WaitStep.class);
  }

  @Test
  void readsABareListOfSteps() {
    Pipeline pipeline = parse("- command: make\n- wait\n");

    assertThat(pipeline.env()).isEmpty();
    assertThat(pipeline.steps()).hasSize(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"env: {A: b}\n", "steps: ~\n", "steps:\n", "steps: []\n"})
  void missingOrNullStepsIsAnEmptyList(String yaml) {
    assertThat(parse(yaml).steps()).isEmpty();
  }

  @Test
  void unknownTopLevelKeysAreIgnored() {
    assertThat(parse("notify: [{email: a@b.c}]\nsurprise: 1\nsteps: [wait]\n").steps()).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   \n\n", "# just a comment\n", "---\n", "~\n"})
  void anEmptyDocumentIsAnError(String yaml) {
    PipelineProblem problem = onlyProblem(yaml);

    assertThat(problem.message()).isEqualTo("expected a pipeline, found an empty file");
    assertThat(problem.location()).isEqualTo(at(1, 1, ""));
  }

  @Test
  void aScalarDocumentIsAnError() {
    PipelineProblem problem = onlyProblem("hello\n");

    assertThat(problem.message())
        .isEqualTo(
            "expected a pipeline (a mapping with \"steps\", or a list of steps), found the string"
                + " \"hello\"");
  }

  @Test
  void stepsMustBeAList() {
    PipelineProblem problem = onlyProblem("steps:\n  command: make\n");

    assertThat(problem.location()).isEqualTo(at(2, 3, "steps"));
    assertThat(problem.message()).isEqualTo("expected a list of steps, found a mapping");
  }

  @Test
  void topLevelEnvValuesMustBeScalars() {
    PipelineProblem problem = onlyProblem("env:\n  A: [1, 2]\nsteps: []\n");

    assertThat(problem.location()).isEqualTo(at(2, 6, "env.A"));
    assertThat(problem.message()).isEqualTo("expected a string, number or boolean, found a list");
  }

  @Test
  void topLevelAgentsApplyToCommandStepsWithoutTheirOwn() {
    Pipeline pipeline =
        parse(
            """
            agents: {queue: default}
            steps:
              - command: a
              - command: b
                agents: {queue: deploy}
            """);

    assertThat(((CommandStep) pipeline.steps().get(0)).agents()).containsEntry("queue", "default");
    assertThat(((CommandStep) pipeline.steps().get(1)).agents())
        .containsExactly(entry("queue", "deploy"));
  }

  @Test
  void aSecondDocumentIsAnError() {
    PipelineProblem problem = onlyProblem("steps: [wait]\n---\nsteps: [wait]\n");

    assertThat(problem.location()).isEqualTo(at(2, 1, ""));
    assertThat(problem.message()).startsWith("expected one YAML document, found a second one");
  }

  private static java.util.Map.Entry<String, String> entry(String key, String value) {
    return java.util.Map.entry(key, value);
  }
}
