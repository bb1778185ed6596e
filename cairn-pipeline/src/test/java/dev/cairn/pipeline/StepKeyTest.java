package dev.cairn.pipeline;

import static dev.cairn.pipeline.Parsing.at;
import static dev.cairn.pipeline.Parsing.onlyCommand;
import static dev.cairn.pipeline.Parsing.onlyProblem;
import static dev.cairn.pipeline.Parsing.parse;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StepKeyTest {
  private static String withKey(String key) {
    return "steps:\n  - command: x\n    key: \"" + key + "\"\n";
  }

  @ParameterizedTest
  @ValueSource(strings = {"build", "a_b-c:d.e,f", "deploy-${ENV}", "0"})
  void acceptsKeysOfTheAllowedForm(String key) {
    assertThat(onlyCommand(withKey(key)).key()).contains(key);
  }

  @Test
  void acceptsAKeyOfExactlyOneHundredCharacters() {
    String key = "x".repeat(StepKeys.MAX_LENGTH);

    assertThat(onlyCommand(withKey(key)).key()).contains(key);
  }

  @Test
  void aNumericKeyIsTakenAsWritten() {
    assertThat(onlyCommand("steps:\n  - command: x\n    key: 2024\n").key()).contains("2024");
  }

  @Test
  void rejectsAKeyOverOneHundredCharacters() {
    PipelineProblem problem = onlyProblem(withKey("x".repeat(101)));

    assertThat(problem.location()).isEqualTo(at(3, 10, "steps[0].key"));
    assertThat(problem.message()).isEqualTo("expected a key of at most 100 characters, found 101");
  }

  @ParameterizedTest
  @ValueSource(strings = {"has space", "slash/no", "", "emoji:✓"})
  void rejectsCharactersOutsideThePattern(String key) {
    assertThat(onlyProblem(withKey(key)).message())
        .isEqualTo(
            "expected a key of letters, digits and _ - : $ { } . , only, found \"" + key + "\"");
  }

  @Test
  void rejectsAUuidShapedKey() {
    assertThat(onlyProblem(withKey("0188f5c4-9e2a-4b7e-9a53-3f0f1b2c3d4e")).message())
        .startsWith("expected a key that does not look like a UUID");
  }

  @Test
  void distinctKeysAreFine() {
    assertThat(parse("- {command: a, key: a}\n- {command: b, key: b}\n").steps()).hasSize(2);
  }
}
