package dev.cairn.pipeline;

import static dev.cairn.pipeline.Parsing.at;
import static dev.cairn.pipeline.Parsing.onlyCommand;
import static dev.cairn.pipeline.Parsing.onlyProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DependsOnTest {
  private static Optional<List<Dependency>> dependsOn(String value) {
    return onlyCommand("steps:\n  - command: x\n    depends_on: " + value + "\n").dependsOn();
  }

  @Test
  void absentIsEmpty() {
    assertThat(onlyCommand("steps:\n  - command: x\n").dependsOn()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"~", "null", "[]", ""})
  void nullOrEmptyListMeansNoDependencies(String value) {
    assertThat(dependsOn(value)).contains(List.of());
  }

  @Test
  void aStringIsOneDependency() {
    assertThat(dependsOn("build")).contains(List.of(new Dependency("build", false)));
  }

  @Test
  void aListMixesKeysAndMappings() {
    assertThat(
            dependsOn("\n      - a\n      - step: b\n      - step: c\n        allow_failure: true"))
        .contains(
            List.of(
                new Dependency("a", false), new Dependency("b", false), new Dependency("c", true)));
  }

  @Test
  void allowFailureAcceptsTheSchemasStringForm() {
    assertThat(dependsOn("[{step: a, allow_failure: \"true\"}]"))
        .contains(List.of(new Dependency("a", true)));
  }

  @Test
  void aMappingWithoutStepIsAProblem() {
    PipelineProblem problem =
        onlyProblem("steps:\n  - command: x\n    depends_on:\n      - allow_failure: true\n");

    assertThat(problem.location()).isEqualTo(at(4, 9, "steps[0].depends_on[0]"));
    assertThat(problem.message())
        .isEqualTo("expected a \"step\" naming the key depended on, found none");
  }

  @Test
  void aMappingInsteadOfAListIsAProblem() {
    PipelineProblem problem = onlyProblem("steps:\n  - command: x\n    depends_on: {step: a}\n");

    assertThat(problem.location()).isEqualTo(at(3, 17, "steps[0].depends_on"));
    assertThat(problem.message()).startsWith("expected a step key or a list of dependencies");
  }

  @Test
  void allowFailureMustBeABoolean() {
    PipelineProblem problem =
        onlyProblem("steps:\n  - command: x\n    depends_on: [{step: a, allow_failure: 2}]\n");

    assertThat(problem.location()).isEqualTo(at(3, 43, "steps[0].depends_on[0].allow_failure"));
    assertThat(problem.message()).isEqualTo("expected true or false, found the number 2");
  }

  @Test
  void aListItemThatIsAListIsAProblem() {
    PipelineProblem problem = onlyProblem("steps:\n  - command: x\n    depends_on: [[a]]\n");

    assertThat(problem.location()).isEqualTo(at(3, 18, "steps[0].depends_on[0]"));
    assertThat(problem.message())
        .isEqualTo("expected a step key or a mapping {step, allow_failure}, found a list");
  }

  @Test
  void anEmptyKeyIsAProblem() {
    assertThat(onlyProblem("steps:\n  - command: x\n    depends_on: \"\"\n").message())
        .isEqualTo("expected a step key, found an empty string");
  }
}
