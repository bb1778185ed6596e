package dev.cairn.pipeline;

import static dev.cairn.pipeline.Parsing.at;
import static dev.cairn.pipeline.Parsing.onlyProblem;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Step types the walking skeleton does not model yet are rejected clearly, never dropped. */
class UnsupportedStepsTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "- block                          | block",
        "- manual                         | block",
        "- input                          | input",
        "- block: Release                 | block",
        "- {input: Details, fields: []}   | input",
        "- trigger: deploy-pipeline       | trigger",
        "- {group: Tests, steps: [wait]}  | group",
        "- type: manual                   | block",
        "- type: trigger                  | trigger",
      })
  void isAProblemNamingTheStepType(String step, String type) {
    PipelineProblem problem = onlyProblem(step + "\n");

    assertThat(problem.location()).isEqualTo(at(1, 3, "steps[0]"));
    assertThat(problem.message()).isEqualTo(type + " steps are not supported by Cairn yet");
  }
}
