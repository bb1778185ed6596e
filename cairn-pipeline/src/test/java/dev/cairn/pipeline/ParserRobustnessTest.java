package dev.cairn.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * parse() promises a pipeline or a {@link PipelineException} for any text. These properties feed it
 * random text, random YAML-shaped token soup and mutated real pipelines, and check that nothing
 * else escapes and that every problem has a usable position.
 */
class ParserRobustnessTest {
  private static final String SAMPLE =
      """
      x-defaults: &defaults
        agents: {queue: build}
        env: {A: "1"}
      env:
        GLOBAL: yes
      steps:
        - <<: *defaults
          label: ":hammer: Build"
          key: build
          commands:
            - make
            - make test
        - wait: ~
          continue_on_failure: true
        - command: deploy.sh
          depends_on:
            - build
            - step: other
              allow_failure: true
          agents: ["queue=deploy"]
        - block: Release
        - group: G
          if: build.branch =~ /ma/ && build.tag == null
          steps:
            - {command: "echo {{matrix}} $$A ${A:-x}", matrix: [a, b], key: m}
            - {trigger: other, build: {branch: $A}}
            - {input: I, fields: [{text: T, key: t}]}
      """;

  private static final List<String> TOKENS =
      List.of(
          "steps",
          "command",
          "commands",
          "wait",
          "waiter",
          "key",
          "id",
          "depends_on",
          "env",
          "agents",
          "type",
          "step",
          "allow_failure",
          "continue_on_failure",
          "label",
          "block",
          "group",
          "plugins",
          ":",
          ": ",
          "- ",
          "\n",
          "\n  ",
          "\n    ",
          "[",
          "]",
          "{",
          "}",
          ",",
          "&a ",
          "*a",
          "&b ",
          "*b",
          "<<: ",
          "!!merge ",
          "~",
          "null",
          "true",
          "\"",
          "'",
          "|",
          ">",
          "#",
          "?",
          "!tag ",
          "---",
          "...",
          "%YAML 1.2",
          "\t",
          "=",
          "x",
          "1",
          "0x1F",
          "\\u00e9");

  @Test
  void anyTextGivesAPipelineOrProblems() {
    qt().withExamples(2000)
        .forAll(strings().allPossible().ofLengthBetween(0, 300))
        .checkAssert(ParserRobustnessTest::assertParsesOrReports);
  }

  @Test
  void yamlShapedTokenSoupGivesAPipelineOrProblems() {
    qt().withExamples(3000)
        .forAll(tokenSoup())
        .checkAssert(ParserRobustnessTest::assertParsesOrReports);
  }

  @Test
  void garbledPipelinesInterpolateToAPipelineOrProblems() {
    qt().withExamples(1000)
        .forAll(garbled())
        .checkAssert(text -> {
          try {
            PipelineParser.parse("fuzz.yml", text, java.util.Map.of("A", "1"));
          } catch (PipelineException e) {
            assertThat(e.problems()).isNotEmpty();
          }
        });
  }

  @Test
  void garbledPipelinesGiveAPipelineOrProblems() {
    qt().withExamples(3000)
        .forAll(garbled())
        .checkAssert(ParserRobustnessTest::assertParsesOrReports);
  }

  private static Gen<String> tokenSoup() {
    return lists()
        .of(arbitrary().pick(TOKENS))
        .ofSizeBetween(0, 60)
        .map(tokens -> String.join("", tokens));
  }

  /** The sample with a few characters deleted, replaced or inserted at random places. */
  private static Gen<String> garbled() {
    Gen<int[]> edit =
        lists()
            .of(integers().between(0, SAMPLE.length() - 1))
            .ofSize(3)
            .map(l -> l.stream().mapToInt(Integer::intValue).toArray());
    Gen<String> insert =
        lists().of(arbitrary().pick(TOKENS)).ofSizeBetween(0, 3).map(t -> String.join("", t));
    return integers()
        .between(0, 2)
        .zip(edit, insert, (kind, at, text) -> garble(SAMPLE, kind, at, text));
  }

  private static String garble(String sample, int kind, int[] at, String text) {
    StringBuilder out = new StringBuilder(sample);
    for (int position : at) {
      int p = Math.min(position, out.length() - 1);
      switch (kind) {
        case 0 -> out.deleteCharAt(p);
        case 1 -> out.replace(p, p + 1, text);
        default -> out.insert(p, text);
      }
    }
    return out.toString();
  }

  private static void assertParsesOrReports(String text) {
    try {
      Pipeline pipeline = PipelineParser.parse("fuzz.yml", text);
      assertThat(pipeline.steps()).doesNotContainNull();
      new PipelineExpander(PipelineLimits.DEFAULTS)
          .expand(pipeline, BuildContext.forBranch("main"), ExpansionTest.counter());
    } catch (PipelineException e) {
      assertThat(e.problems())
          .isNotEmpty()
          .allSatisfy(problem -> {
            assertThat(problem.location().file()).isEqualTo("fuzz.yml");
            assertThat(problem.location().line()).isPositive();
            assertThat(problem.location().column()).isPositive();
            assertThat(problem.message()).isNotBlank();
          });
    }
  }
}
