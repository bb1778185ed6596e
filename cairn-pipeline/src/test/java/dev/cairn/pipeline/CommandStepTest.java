package dev.cairn.pipeline;

import static dev.cairn.pipeline.Parsing.at;
import static dev.cairn.pipeline.Parsing.onlyCommand;
import static dev.cairn.pipeline.Parsing.onlyProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandStepTest {
  @Test
  void readsEveryModelledAttribute() {
    CommandStep step =
        onlyCommand(
            """
            steps:
              - label: ":hammer: Build"
                key: build
                command: make
                depends_on: setup
                env: {GOOS: linux, N: 3}
                agents: {queue: linux}
            """);

    assertThat(step.label()).contains(":hammer: Build");
    assertThat(step.key()).contains("build");
    assertThat(step.command()).isEqualTo("make");
    assertThat(step.dependsOn()).contains(java.util.List.of(new Dependency("setup", false)));
    assertThat(step.env()).containsExactly(entry("GOOS", "linux"), entry("N", "3"));
    assertThat(step.agents()).containsExactly(entry("queue", "linux"));
    assertThat(step.location()).isEqualTo(at(2, 5, "steps[0]"));
  }

  @Test
  void absentAttributesAreEmpty() {
    CommandStep step = onlyCommand("steps:\n  - command: make\n");

    assertThat(step.key()).isEmpty();
    assertThat(step.label()).isEmpty();
    assertThat(step.dependsOn()).isEmpty();
    assertThat(step.env()).isEmpty();
    assertThat(step.agents()).isEmpty();
  }

  @Test
  void aListOfCommandsIsJoinedWithNewlines() {
    assertThat(onlyCommand("steps:\n  - commands: [make, make test]\n").command())
        .isEqualTo("make\nmake test");
  }

  @Test
  void aOneItemListIsTheSameAsTheString() {
    assertThat(onlyCommand("steps:\n  - command: [make]\n").command()).isEqualTo("make");
  }

  @Test
  void aStringIsKeptExactlyIncludingTheBlockNewline() {
    CommandStep step =
        onlyCommand(
            """
            steps:
              - command: |
                  echo one
                  echo two
            """);

    assertThat(step.command()).isEqualTo("echo one\necho two\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"name", "label"})
  void nameIsAnAliasOfLabel(String field) {
    assertThat(onlyCommand("steps:\n  - command: x\n    " + field + ": Hi\n").label())
        .contains("Hi");
  }

  @ParameterizedTest
  @ValueSource(strings = {"key", "id", "identifier"})
  void idAndIdentifierAreAliasesOfKey(String field) {
    assertThat(onlyCommand("steps:\n  - command: x\n    " + field + ": k1\n").key()).contains("k1");
  }

  @Test
  void givingTwoAliasesIsAProblem() {
    PipelineProblem problem = onlyProblem("steps:\n  - command: x\n    key: a\n    id: a\n");

    assertThat(problem.location()).isEqualTo(at(4, 9, "steps[0].id"));
    assertThat(problem.message()).isEqualTo("\"key\" and \"id\" mean the same; give only one");
  }

  @ParameterizedTest
  @ValueSource(strings = {"command", "script", "commands"})
  void aTypedStepIsACommandStep(String type) {
    CommandStep step = onlyCommand("steps:\n  - type: " + type + "\n    command: make\n");

    assertThat(step.command()).isEqualTo("make");
  }

  @ParameterizedTest
  @ValueSource(strings = {"command", "script", "commands"})
  void theNestedFormReadsTheInnerStep(String outer) {
    CommandStep step =
        onlyCommand("steps:\n  - " + outer + ":\n      command: make\n      label: L\n");

    assertThat(step.command()).isEqualTo("make");
    assertThat(step.label()).contains("L");
  }

  @Test
  void aPluginsOnlyStepHasAnEmptyCommand() {
    CommandStep step = onlyCommand("steps:\n  - plugins:\n      - docker#v5.0.0: {image: x}\n");

    assertThat(step.command()).isEmpty();
  }

  @Test
  void aStepWithNeitherCommandNorPluginsHasAnEmptyCommand() {
    assertThat(onlyCommand("steps:\n  - type: script\n").command()).isEmpty();
  }

  @Test
  void envKeepsOrderAndReadsScalarsAsWritten() {
    CommandStep step =
        onlyCommand(
            """
            steps:
              - command: x
                env:
                  Z: on
                  Y: 1.10
                  X: true
                  W:
                  V: "quoted"
            """);

    assertThat(step.env())
        .containsExactly(
            entry("Z", "on"),
            entry("Y", "1.10"),
            entry("X", "true"),
            entry("W", ""),
            entry("V", "quoted"));
  }

  @Test
  void agentsListFormBecomesAMap() {
    CommandStep step =
        onlyCommand("steps:\n  - command: x\n    agents: [\"queue=deploy\", \"os=linux=x\"]\n");

    assertThat(step.agents()).containsExactly(entry("queue", "deploy"), entry("os", "linux=x"));
  }

  @Test
  void agentQueryRulesIsAnAliasOfAgents() {
    assertThat(onlyCommand("steps:\n  - command: x\n    agent_query_rules: [queue=a]\n").agents())
        .containsExactly(entry("queue", "a"));
  }

  @Test
  void anAgentsListItemWithoutEqualsIsAProblem() {
    PipelineProblem problem = onlyProblem("steps:\n  - command: x\n    agents: [queue]\n");

    assertThat(problem.location()).isEqualTo(at(3, 14, "steps[0].agents[0]"));
    assertThat(problem.message())
        .isEqualTo("expected a key=value string, found the string \"queue\"");
  }

  @Test
  void aCommandThatIsAMappingOfTheWrongShapeIsAProblem() {
    PipelineProblem problem = onlyProblem("steps:\n  - command:\n      command: {a: b}\n");

    assertThat(problem.location()).isEqualTo(at(3, 16, "steps[0].command.command"));
    assertThat(problem.message())
        .isEqualTo("expected a command string or a list of them, found a mapping");
  }

  @Test
  void aCommandListItemMustBeText() {
    PipelineProblem problem = onlyProblem("steps:\n  - command: [make, [nested]]\n");

    assertThat(problem.location()).isEqualTo(at(2, 21, "steps[0].command[1]"));
    assertThat(problem.message()).isEqualTo("expected a command string, found a list");
  }

  @Test
  void aNullLabelIsAbsent() {
    assertThat(onlyCommand("steps:\n  - command: x\n    label: ~\n").label())
        .isEqualTo(Optional.empty());
  }
}
