package dev.cairn.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code if_changed} as the agent applies it at upload (spec §5). */
class IfChangedTest {
  private static final Optional<List<String>> CHANGED =
      Optional.of(List.of("src/app/main.go", "docs/readme.md", "web/index.ts"));

  private static List<Object> steps(String yaml) {
    return Parsing.parse(yaml).steps().stream().map(s -> (Object) s.attributes()).toList();
  }

  private static Map<String, Object> step(IfChanged.Applied applied, int index) {
    return map(applied.steps().get(index));
  }

  @SuppressWarnings("unchecked") // steps as plain data are maps of names
  private static Map<String, Object> map(Object step) {
    return (Map<String, Object>) step;
  }

  @Test
  void aStepWhoseGlobsMatchNoChangedFileIsSkippedAndTheAttributeRemoved() {
    IfChanged.Applied applied =
        IfChanged.apply(
            steps(
                """
                steps:
                  - {command: go test, if_changed: "src/**/*.go"}
                  - {command: cargo test, if_changed: "**/*.rs"}
                  - {command: always}
                """),
            CHANGED);

    assertThat(step(applied, 0)).doesNotContainKeys("if_changed", "skip");
    assertThat(step(applied, 1))
        .doesNotContainKey("if_changed")
        .containsEntry("skip", "if_changed matched no unexcluded changed files in this build");
    assertThat(step(applied, 2)).doesNotContainKey("skip");
    assertThat(applied.warnings()).isEmpty();
  }

  @Test
  void listsAndIncludeExcludeMappings() {
    IfChanged.Applied applied =
        IfChanged.apply(
            steps(
                """
                steps:
                  - {command: a, if_changed: ["*.txt", "web/*.ts"]}
                  - command: b
                    if_changed: {include: "**", exclude: ["src/**", "docs/**", "web/**"]}
                  - command: c
                    if_changed: {include: ["docs/**"], exclude: "**/*.go"}
                """),
            CHANGED);

    assertThat(step(applied, 0)).doesNotContainKey("skip");
    assertThat(step(applied, 1)).as("every changed file is excluded").containsKey("skip");
    assertThat(step(applied, 2)).doesNotContainKey("skip");
  }

  @Test
  void unknownChangedFilesSkipNothingButTheAttributeIsStillRemoved() {
    IfChanged.Applied applied =
        IfChanged.apply(steps("steps: [{command: a, if_changed: \"*.rs\"}]"), Optional.empty());

    assertThat(step(applied, 0)).doesNotContainKeys("if_changed", "skip");
  }

  @Test
  void aSkippedGroupPassesItsSkipToChildrenWithoutOne() {
    IfChanged.Applied applied =
        IfChanged.apply(
            steps(
                """
                steps:
                  - group: rust
                    if_changed: "**/*.rs"
                    steps:
                      - {command: build}
                      - wait
                      - {command: test, skip: "own reason"}
                      - {command: lint, if_changed: "src/**"}
                """),
            CHANGED);

    Map<String, Object> group = step(applied, 0);
    assertThat(group).containsEntry("skip", IfChanged.SKIPPED);
    List<?> children = (List<?>) group.get("steps");
    assertThat(map(children.get(0))).containsEntry("skip", IfChanged.SKIPPED);
    assertThat(children.get(1)).isEqualTo("wait");
    assertThat(map(children.get(2))).containsEntry("skip", "own reason");
    assertThat(map(children.get(3)))
        .doesNotContainKey("if_changed")
        .containsEntry("skip", IfChanged.SKIPPED);
  }

  @Test
  void anUnreadableValueLeavesTheStepRunningWithAWarning() {
    IfChanged.Applied applied =
        IfChanged.apply(
            steps(
                """
                steps:
                  - {command: a, if_changed: {exclude: "x"}}
                  - {command: b, if_changed: "src/[abc"}
                """),
            CHANGED);

    assertThat(step(applied, 0)).doesNotContainKeys("if_changed", "skip");
    assertThat(step(applied, 1)).doesNotContainKeys("if_changed", "skip");
    assertThat(applied.warnings())
        .containsExactly(
            "steps[0].if_changed: a mapping needs \"include\"; the step will not be skipped",
            "steps[1].if_changed: the glob \"src/[abc\" has an unclosed [; the step will not be"
                + " skipped");
  }

  @Test
  void theSkippedStepIsExcludedNowhereButSkippedByTheServer() {
    List<Object> applied =
        IfChanged.apply(steps("steps: [{command: a, key: a, if_changed: \"*.rs\"}]"), CHANGED)
            .steps();
    Pipeline reparsed =
        Parsing.parse("steps:\n  - {command: a, key: a, skip: \"" + IfChanged.SKIPPED + "\"}\n");

    assertThat(applied.get(0)).isEqualTo(reparsed.steps().get(0).attributes());
    assertThat(((CommandStep) reparsed.steps().get(0)).skip().skipped()).isTrue();
  }

  @Test
  void usedFindsIfChangedInGroups() {
    assertThat(IfChanged.used(steps("steps: [{group: g, steps: [{command: a, if_changed: x}]}]")))
        .isTrue();
    assertThat(IfChanged.used(steps("steps: [{command: a}, wait]"))).isFalse();
  }

  @Test
  void globs() {
    assertThat(PathGlob.of("*.go").matches("main.go")).isTrue();
    assertThat(PathGlob.of("*.go").matches("cmd/main.go")).as("* stays in one directory").isFalse();
    assertThat(PathGlob.of("**/*.go").matches("main.go")).as("**/ may match nothing").isTrue();
    assertThat(PathGlob.of("**/*.go").matches("a/b/c.go")).isTrue();
    assertThat(PathGlob.of("src/**").matches("src/a/b")).isTrue();
    assertThat(PathGlob.of("src/?.c").matches("src/a.c")).isTrue();
    assertThat(PathGlob.of("src/?.c").matches("src/ab.c")).isFalse();
    assertThat(PathGlob.of("{web,api}/*.{ts,js}").matches("api/x.js")).isTrue();
    assertThat(PathGlob.of("{web,api}/*.{ts,js}").matches("cli/x.js")).isFalse();
    assertThat(PathGlob.of("[a-c]x").matches("bx")).isTrue();
    assertThat(PathGlob.of("[!a-c]x").matches("bx")).isFalse();
    assertThat(PathGlob.of("a.b").matches("axb")).as("dots are literal").isFalse();
    assertThat(PathGlob.of("\\*").matches("*")).isTrue();
    assertThatThrownBy(() -> PathGlob.of("{a,b")).hasMessageContaining("unclosed {");
  }
}
