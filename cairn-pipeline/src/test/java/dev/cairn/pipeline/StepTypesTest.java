package dev.cairn.pipeline;

import static dev.cairn.pipeline.Parsing.onlyProblem;
import static dev.cairn.pipeline.Parsing.onlyStep;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Block, input, trigger and group steps, and the command attributes beyond the first slice. */
class StepTypesTest {
  @Test
  void readsABlockWithFields() {
    BlockStep block =
        (BlockStep)
            onlyStep(
                """
                - block: Release
                  prompt: Sure?
                  blocked_state: running
                  allowed_teams: [ops]
                  fields:
                    - {text: Why, key: release/why, required: false, format: "[a-z]+"}
                    - {select: Env, key: env, multiple: true, default: [a], options: [{label: A, value: a}]}
                """);

    assertThat(block.label()).contains("Release");
    assertThat(block.prompt()).contains("Sure?");
    assertThat(block.blockedState()).isEqualTo(BlockStep.BlockedState.RUNNING);
    assertThat(block.allowedTeams()).containsExactly("ops");
    assertThat(block.fields())
        .containsExactly(
            new BlockField.Text(
                "release/why",
                "Why",
                Optional.empty(),
                false,
                Optional.empty(),
                Optional.of("[a-z]+")),
            new BlockField.Select(
                "env",
                "Env",
                Optional.empty(),
                true,
                List.of("a"),
                true,
                List.of(new BlockField.Option("A", "a"))));
  }

  @Test
  void manualIsALegacyBlockAndInputIsItsOwnType() {
    assertThat(onlyStep("- manual\n")).isInstanceOf(BlockStep.class);
    assertThat(onlyStep("- {type: input, prompt: p}\n")).isInstanceOf(InputStep.class);
  }

  @Test
  void readsATrigger() {
    TriggerStep t =
        (TriggerStep)
            onlyStep(
                "- trigger: deploy\n  async: true\n  parallelism: 2\n  build: {branch: main, env: {A: b}, meta_data: {k: v}}\n");

    assertThat(t.pipeline()).isEqualTo("deploy");
    assertThat(t.async()).isTrue();
    assertThat(t.parallelism()).contains(2);
    assertThat(t.build())
        .isEqualTo(
            new TriggerStep.Build(
                Optional.of("main"),
                Optional.empty(),
                Optional.empty(),
                Map.of("A", "b"),
                Map.of("k", "v")));
  }

  @Test
  void readsAGroupWithItsOwnAttributes() {
    GroupStep g =
        (GroupStep)
            onlyStep(
                "- group: ~\n  label: Tests\n  key: t\n  depends_on: a\n  notify: [{email: x}]\n  steps: [{command: x}, wait]\n");

    assertThat(g.label()).contains("Tests");
    assertThat(g.key()).contains("t");
    assertThat(g.steps()).hasSize(2);
    assertThat(g.notifications()).contains(List.of(Map.of("email", "x")));
  }

  @Test
  void keepsTopLevelAttributes() {
    Pipeline p =
        Parsing.parse(
            "notify: [github_check]\npriority: 2\nimage: alpine\nsteps: [{command: x}]\n");

    assertThat(p.notifications()).contains(List.of("github_check"));
    assertThat(p.priority()).contains(2);
    assertThat(p.unknown()).containsEntry("image", "alpine");
    assertThat(((CommandStep) p.steps().get(0)).priority()).contains(2);
  }

  @Test
  void readsRetryRules() {
    CommandStep c =
        Parsing.onlyCommand(
            "- command: x\n  retry:\n    automatic: [{exit_status: -1, limit: 3}, {exit_status: '*', signal_reason: none}]\n    manual: {allowed: false, reason: no}\n");

    assertThat(c.retry().automatic())
        .containsExactly(
            new RetryRule(false, List.of(-1), Optional.empty(), Optional.empty(), 3),
            new RetryRule(true, List.of(), Optional.empty(), Optional.of("none"), 2));
    assertThat(c.retry().manualAllowed()).isFalse();
    assertThat(c.retry().manualReason()).contains("no");
  }

  @ParameterizedTest
  @CsvSource(
      delimiterString = "=>",
      value = {
        "- {group: a, steps: [{group: b, steps: [wait]}]} => a group cannot contain another group; move it to the top level",
        "- {command: x, retry: {automatic: {limit: 11}}} => expected a retry limit between 0 and 10, found 11",
        "- {command: x, concurrency: 1} => expected concurrency and concurrency_group together, found only concurrency",
        "- {command: x, concurrency: 1, concurrency_group: g, concurrency_method: fifo} => expected ordered or eager, found \"fifo\"",
        "- {command: x, matrix: [a], parallelism: 2} => give either matrix or parallelism, not both",
        "- {command: x, timeout_in_minutes: 0} => expected a timeout in minutes between 1 and 2147483647, found 0",
        "- {command: x, soft_fail: [{exit_status: 256}]} => expected an exit status (-1..255) or \"*\" between -1 and 255, found 256",
        "- {command: x, matrix: {setup: {a: [1], b: [2]}, adjustments: [{with: {a: 1}}]}} => expected an adjustment naming every dimension [a, b], found [a]",
        "- {command: x, matrix: {setup: {a: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26]}}} => expected at most 25 elements in a matrix dimension, found 26",
        "- {command: x, matrix: {setup: {a: [1], b: [1], c: [1], d: [1], e: [1], f: [1], g: [1]}}} => expected at most 6 matrix dimensions, found 7",
        "- {trigger: x, build: {branch: [a]}} => expected a branch, found a list",
        "- {input: x, fields: [{text: T, key: 'a b'}]} => expected a field key of letters, digits, / - and _ only, found \"a b\"",
        "- {block: x, fields: [{select: S, key: s}]} => expected a select field with at least one option, found none",
        "- {block: x, blocked_state: maybe} => expected passed, failed or running, found \"maybe\"",
        "- {type: trigger} => expected a trigger step with \"trigger\" naming a pipeline, found none",
        "- {group: g} => expected a group with at least one step in \"steps\", found none",
        "- {command: x, plugins: [{a: 1, b: 2}]} => expected a plugin source or a mapping of one plugin source to its config, found a mapping of 2 keys",
      })
  void refusesWithAMessageNamingWhatWasExpected(String yaml, String message) {
    assertThat(onlyProblem(yaml + "\n").message()).isEqualTo(message);
  }

  @Test
  void readsAGroupsOwnSkip() {
    GroupStep g =
        (GroupStep) Parsing.onlyStep("- {group: g, skip: 'not today', steps: [{command: x}]}\n");
    assertThat(g.skip()).isEqualTo(new Skip(true, "not today"));
    assertThat(
            onlyProblem("- {group: g, skip: '" + "s".repeat(71) + "', steps: [wait]}\n").message())
        .isEqualTo("expected a skip reason of at most 70 characters, found 71");
  }

  @Test
  void aSkipReasonIsAtMostSeventyCharacters() {
    assertThat(onlyProblem("- {command: x, skip: '" + "s".repeat(71) + "'}\n").message())
        .isEqualTo("expected a skip reason of at most 70 characters, found 71");
    assertThat(Parsing.onlyCommand("- {command: x, skip: ''}\n").skip()).isEqualTo(Skip.NONE);
  }
}
