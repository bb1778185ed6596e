package dev.cairn.pipeline;

import static dev.cairn.pipeline.Parsing.at;
import static dev.cairn.pipeline.Parsing.onlyProblem;
import static dev.cairn.pipeline.Parsing.onlyWait;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WaitStepTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "- wait",
        "- waiter",
        "- wait: ~",
        "- wait: \"label\"",
        "- type: wait",
        "- type: waiter",
        "- {wait: ~, label: Gate}",
        "- wait: {}"
      })
  void everySpellingIsAPlainWait(String step) {
    WaitStep wait = onlyWait(step + "\n");

    assertThat(wait.key()).isEmpty();
    assertThat(wait.dependsOn()).isEmpty();
    assertThat(wait.continueOnFailure()).isFalse();
    assertThat(wait.location()).isEqualTo(at(1, 3, "steps[0]"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "- wait: ~\n  continue_on_failure: true",
        "- wait:\n    continue_on_failure: true",
        "- waiter:\n    continue_on_failure: \"true\"",
        "- type: wait\n  continue_on_failure: True"
      })
  void continueOnFailureIsReadInEveryForm(String step) {
    assertThat(onlyWait(step + "\n").continueOnFailure()).isTrue();
  }

  @Test
  void readsKeyAndDependsOn() {
    WaitStep wait = onlyWait("- wait: ~\n  key: gate\n  depends_on: [a, b]\n");

    assertThat(wait.key()).contains("gate");
    assertThat(wait.dependsOn())
        .contains(List.of(new Dependency("a", false), new Dependency("b", false)));
  }

  @Test
  void continueOnFailureMustBeABoolean() {
    PipelineProblem problem = onlyProblem("steps:\n  - wait: ~\n    continue_on_failure: yes\n");

    assertThat(problem.location()).isEqualTo(at(3, 26, "steps[0].continue_on_failure"));
    assertThat(problem.message()).isEqualTo("expected true or false, found the string \"yes\"");
  }

  @Test
  void aWaitLabelMustBeText() {
    PipelineProblem problem = onlyProblem("steps:\n  - wait: [1]\n");

    assertThat(problem.location()).isEqualTo(at(2, 11, "steps[0].wait"));
    assertThat(problem.message()).isEqualTo("expected a label, found a list");
  }
}
