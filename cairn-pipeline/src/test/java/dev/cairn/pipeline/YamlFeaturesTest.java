package dev.cairn.pipeline;

import static dev.cairn.pipeline.Parsing.at;
import static dev.cairn.pipeline.Parsing.onlyCommand;
import static dev.cairn.pipeline.Parsing.onlyProblem;
import static dev.cairn.pipeline.Parsing.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import org.junit.jupiter.api.Test;

class YamlFeaturesTest {
  @Test
  void yaml12KeepsOnYesAndNoAsStrings() {
    CommandStep step = onlyCommand("steps:\n  - command: x\n    env: {A: on, B: yes, C: no}\n");

    assertThat(step.env()).containsExactly(entry("A", "on"), entry("B", "yes"), entry("C", "no"));
  }

  @Test
  void aliasesReuseAnchoredValues() {
    Pipeline pipeline =
        parse(
            """
            x-env: &env {A: "1"}
            steps:
              - command: a
                env: *env
              - command: b
                env: *env
            """);

    assertThat(pipeline.steps())
        .allSatisfy(
            step -> assertThat(((CommandStep) step).env()).containsExactly(entry("A", "1")));
  }

  @Test
  void anAliasMayBeAKey() {
    CommandStep step =
        onlyCommand("x: &name COLOR\nsteps:\n  - command: x\n    env: {*name : red}\n");

    assertThat(step.env()).containsExactly(entry("COLOR", "red"));
  }

  @Test
  void mergeKeysApplyWithOwnKeysWinning() {
    Pipeline pipeline =
        parse(
            """
            x-defaults: &defaults
              agents: {queue: build}
              command: make
            steps:
              - <<: *defaults
                label: first
              - <<: *defaults
                command: make test
            """);

    CommandStep first = (CommandStep) pipeline.steps().get(0);
    CommandStep second = (CommandStep) pipeline.steps().get(1);
    assertThat(first.command()).isEqualTo("make");
    assertThat(first.agents()).containsExactly(entry("queue", "build"));
    assertThat(second.command()).isEqualTo("make test");
  }

  @Test
  void aListOfMergesLetsEarlierSourcesWinAndKeepsKeyOrderAtTheMergePoint() {
    CommandStep step =
        onlyCommand(
            """
            a: &a {A: a, SHARED: from-a}
            b: &b {B: b, SHARED: from-b}
            steps:
              - command: x
                env:
                  FIRST: "1"
                  <<: [*a, *b]
                  LAST: "2"
                  A: own
            """);

    assertThat(step.env())
        .containsExactly(
            entry("FIRST", "1"),
            entry("SHARED", "from-a"),
            entry("B", "b"),
            entry("LAST", "2"),
            entry("A", "own"));
  }

  @Test
  void repeatedMergeKeysAndNestedMergesWork() {
    CommandStep step =
        onlyCommand(
            """
            base: &base {A: base}
            mid: &mid {<<: *base, B: mid}
            steps:
              - command: x
                env:
                  <<: *mid
                  <<: {C: c}
            """);

    assertThat(step.env()).containsExactly(entry("A", "base"), entry("B", "mid"), entry("C", "c"));
  }

  @Test
  void aQuotedMergeKeyIsAnOrdinaryKey() {
    assertThat(onlyCommand("steps:\n  - command: x\n    env: {\"<<\": v}\n").env())
        .containsExactly(entry("<<", "v"));
  }

  @Test
  void aMappingThatMergesItselfIsAProblemNotAHang() {
    PipelineProblem problem = onlyProblem("steps:\n  - &s\n    command: x\n    <<: *s\n");

    assertThat(problem.location()).isEqualTo(at(4, 5, "steps[0].<<"));
    assertThat(problem.message())
        .isEqualTo("a merge key (<<) refers back to a mapping that contains it");
  }

  @Test
  void aSelfMergeInAnUnknownTopLevelKeyIsAProblemBecauseItIsKeptForRoundTrip() {
    assertThat(onlyProblem("x-unused: &d {<<: *d}\nsteps: [wait]\n").message())
        .isEqualTo("a merge key (<<) refers back to a mapping that contains it");
  }

  @Test
  void mergingSomethingOtherThanAMappingIsAProblem() {
    PipelineProblem problem = onlyProblem("steps:\n  - command: x\n    <<: [1]\n");

    assertThat(problem.location()).isEqualTo(at(3, 10, "steps[0].<<[0]"));
    assertThat(problem.message())
        .isEqualTo("expected a mapping (or a list of mappings) to merge, found the number 1");
  }

  @Test
  void aRepeatedOrdinaryKeyIsAProblem() {
    PipelineProblem problem = onlyProblem("steps:\n  - command: x\n    command: y\n");

    assertThat(problem.location()).isEqualTo(at(3, 5, "steps[0]"));
    assertThat(problem.message()).isEqualTo("mapping key \"command\" is given twice");
  }

  @Test
  void aMappingAsAKeyIsAProblem() {
    PipelineProblem problem = onlyProblem("steps:\n  - command: x\n    ? {a: b}\n    : c\n");

    assertThat(problem.location().line()).isEqualTo(3);
    assertThat(problem.message()).isEqualTo("expected a text mapping key, found a mapping");
  }

  @Test
  void jsonIsAccepted() {
    Pipeline pipeline =
        parse("{\"env\": {\"A\": \"b\"}, \"steps\": [{\"command\": \"make\"}, \"wait\"]}");

    assertThat(pipeline.steps()).hasSize(2);
    assertThat(pipeline.env()).containsExactly(entry("A", "b"));
  }

  @Test
  void anUnknownTagOnAValueWeReadSaysToQuoteIt() {
    PipelineProblem problem = onlyProblem("steps:\n  - command: x\n    label: !build.draft\n");

    assertThat(problem.location()).isEqualTo(at(3, 12, "steps[0].label"));
    assertThat(problem.message())
        .isEqualTo(
            "expected a label, found a value tagged !build.draft (quote it if it is meant as"
                + " text)");
  }

  @Test
  void deepNestingIsAProblemNotAStackOverflow() {
    String deep = "steps: " + "[".repeat(5_000) + "]".repeat(5_000) + "\n";

    PipelineProblem problem = onlyProblem(deep);

    assertThat(problem.message()).contains("nested more than 200 levels deep");
    assertThat(problem.location().line()).isEqualTo(1);
  }

  @Test
  void manyAliasesToOneStepAreAllowed() {
    String steps = "x: &s {command: make}\nsteps:\n" + "  - *s\n".repeat(300);

    assertThat(parse(steps).steps()).hasSize(300);
  }

  @Test
  void keyOrderIsKeptInEnv() {
    List<String> names = List.of("Z", "A", "M", "B", "Y");
    StringBuilder yaml = new StringBuilder("env:\n");
    names.forEach(n -> yaml.append("  ").append(n).append(": v\n"));

    assertThat(parse(yaml.toString()).env().keySet()).containsExactlyElementsOf(names);
  }

  @Test
  void anUnquotedDollarBraceValueIsAStringAndIsInterpolated() throws PipelineException {
    String yaml = "steps:\n  - command: ${CMD}\n    key: ${KEY}\n";

    CommandStep raw = onlyCommand(yaml);
    assertThat(raw.command()).isEqualTo("${CMD}");
    assertThat(raw.key()).contains("${KEY}");
    CommandStep interpolated =
        (CommandStep)
            PipelineParser.parse("p.yml", yaml, java.util.Map.of("CMD", "make", "KEY", "k"))
                .steps()
                .get(0);
    assertThat(interpolated.command()).isEqualTo("make");
    assertThat(interpolated.key()).contains("k");
  }

  @Test
  void plainScalarsResolveAsTheCoreSchemaSays() {
    CommandStep step =
        onlyCommand(
            """
            steps:
              - command: x
                env: {A: true, B: 1, C: ~, D: null, E: .5, F: -3, G: 0x1f, H: on, I: text, J: True}
            """);

    java.util.Map<String, Object> expected = new java.util.LinkedHashMap<>();
    expected.put("A", true);
    expected.put("B", 1L);
    expected.put("C", null);
    expected.put("D", null);
    expected.put("E", 0.5);
    expected.put("F", -3L);
    expected.put("G", 31L);
    expected.put("H", "on");
    expected.put("I", "text");
    expected.put("J", true);
    assertThat(step.attributes().get("env")).isEqualTo(expected);
    assertThat(step.env())
        .containsEntry("C", "")
        .containsEntry("H", "on")
        .containsEntry("A", "true");
  }
}
