package dev.cairn.agent.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The three shapes of a step's {@code secrets:} and the errors that name the bad entry. */
class StepSecretsTest {
  private static Map<String, Object> step(Object secrets) {
    Map<String, Object> step = new LinkedHashMap<>();
    step.put("command", "true");
    step.put("secrets", secrets);
    return step;
  }

  @Test
  void aStepWithoutSecretsHasNone() throws Exception {
    assertThat(StepSecrets.of(Map.of("command", "true"))).isEmpty();
    assertThat(StepSecrets.of(null)).isEmpty();
  }

  @Test
  void aListOfNamesSetsEachAsTheVariableOfTheSameName() throws Exception {
    assertThat(StepSecrets.of(step(List.of("API_KEY", "DB_PASSWORD"))))
        .containsExactly(
            new StepSecrets("API_KEY", "API_KEY"), new StepSecrets("DB_PASSWORD", "DB_PASSWORD"));
  }

  @Test
  void aMapNamesTheVariableForEachSecretInTheOrderGiven() throws Exception {
    Map<String, Object> byVariable = new LinkedHashMap<>();
    byVariable.put("MY_TOKEN", "deploy_token");
    byVariable.put("OTHER", "other_secret");
    assertThat(StepSecrets.of(step(byVariable)))
        .containsExactly(
            new StepSecrets("deploy_token", "MY_TOKEN"), new StepSecrets("other_secret", "OTHER"));
  }

  @Test
  void objectsMayLeaveTheVariableOutSoTheSecretIsOnlyRedacted() throws Exception {
    assertThat(
            StepSecrets.of(
                step(
                    List.of(
                        Map.of("key", "signing_key"),
                        Map.of("key", "api", "environment_variable", "API")))))
        .containsExactly(new StepSecrets("signing_key", ""), new StepSecrets("api", "API"));
  }

  @Test
  void badEntriesAreRefusedNamingWhereAndWhat() {
    assertThatThrownBy(() -> StepSecrets.of(step(List.of("OK", 42))))
        .isInstanceOf(StepSecrets.Invalid.class)
        .hasMessageContaining("secrets[1]")
        .hasMessageContaining("42");
    assertThatThrownBy(() -> StepSecrets.of(step(List.of(Map.of("environment_variable", "X")))))
        .hasMessageContaining("secrets[0].key must be a non-empty string");
    assertThatThrownBy(() -> StepSecrets.of(step(Map.of("VAR", ""))))
        .hasMessageContaining("secrets.VAR must be a non-empty string");
    assertThatThrownBy(() -> StepSecrets.of(step("API_KEY")))
        .hasMessageContaining("secrets must be a list or a map");
  }

  @Test
  void aSecretCannotSetAVariableTheAgentControls() {
    assertThatThrownBy(() -> StepSecrets.of(step(Map.of("BUILDKITE_AGENT_ACCESS_TOKEN", "x"))))
        .hasMessageContaining(
            "secret x cannot set the protected environment variable BUILDKITE_AGENT_ACCESS_TOKEN");
  }
}
