package dev.cairn.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The if expression language (spec §5): syntax, types at upload, evaluation; and branches. */
class ConditionsTest {
  private static final Map<String, Object> BUILD =
      Map.of(
          "build.branch", "main",
          "build.number", 42L,
          "build.source", "webhook",
          "build.message", "Fix it [skip tests]",
          "build.pull_request.labels", List.of("ci", "docs"),
          "pipeline.default_branch", "main");
  private static final Map<String, String> ENV = Map.of("DEPLOY", "yes", "EMPTY", "");

  private static boolean eval(String expression) throws Exception {
    assertThat(Conditions.check(expression)).as(expression).isEmpty();
    return Conditions.evaluate(expression, BUILD, ENV);
  }

  @ParameterizedTest
  @CsvSource(
      delimiterString = "=>",
      value = {
        "build.branch == 'main' => true",
        "build.branch != \"main\" => false",
        "build.branch == pipeline.default_branch => true",
        "build.tag == null => true",
        "build.number == 42 => true",
        "build.message =~ /skip tests/ => true",
        "build.message !~ /SKIP/i => false",
        "build.message =~ /^Fix/ => true",
        "build.tag =~ /v1/ => false",
        "build.pull_request.labels includes 'docs' => true",
        "build.pull_request.labels includes /^c/ => true",
        "build.author.teams includes 'x' => false",
        "!build.pull_request.draft => true",
        "true && false || true => true",
        "true || false && false => true",
        "!(true && false) => true",
        "build.source == 'webhook' ? true : false => true",
        "build.env('DEPLOY') == 'yes' => true",
        "build.env('NOPE') == null => true",
        "env('NOPE') == '' => true",
        "env(\"EMPTY\") == '' => true",
        "build.branch == 'main' // a comment => true",
        "['a', 'b'] includes 'b' => true",
        "$DEPLOY == 'yes' => true",
        "\"$DEPLOY-x\" == 'yes-x' => true",
      })
  void evaluates(String expression, boolean expected) throws Exception {
    assertThat(eval(expression.strip())).isEqualTo(expected);
  }

  @Test
  void multiLineExpressionsWithComments() throws Exception {
    assertThat(eval("build.branch == 'main' // first\n  && build.number == 42 // second")).isTrue();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "build.branch == 1                  | cannot compare a string with a number using ==",
        "build.branch =~ 'main'             | the right side of =~ must be a regex literal /.../",
        "build.nope == 'x'                  | unknown variable build.nope",
        "build.source == 'cron'             | build.source is one of [ui, api, webhook, trigger_job, schedule], never \"cron\"",
        "!build.branch                      | expected a boolean operand for !, found a string",
        "build.branch                       | expected the expression to give a boolean, found a string",
        "build.branch && true               | expected a boolean operand for &&, found a string",
        "foo('x')                           | unknown function foo() (use build.env() or env())",
        "env('A', 'B') == 'x'               | env() takes 1 argument, found 2",
        "env('BUILDKITE_AGENT_ACCESS_TOKEN') == 'x' | env(\"BUILDKITE_AGENT_ACCESS_TOKEN\") is not readable in conditions",
        "build.number includes 'x'          | expected a array operand for includes, found a number",
      })
  void typeErrorsAreFoundAtUpload(String expression, String error) {
    assertThat(Conditions.check(expression.strip())).contains(error);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "build.branch ==",
        "(build.branch == 'x'",
        "build.branch == 'x",
        "build.message =~ /unclosed",
        "build.message =~ /(?<=a)b/",
        "build.message =~ /(?>a)/",
        "build.message =~ /a++/",
        "build.message =~ /(?<n>a)/",
        "build.message =~ /[/",
        "build.branch == 'a' extra",
      })
  void syntaxErrorsAreFoundAtUpload(String expression) {
    assertThat(Conditions.check(expression)).hasSize(1);
  }

  @Test
  void aTypeErrorRefusesTheUploadNamingTheStepAndLine() {
    PipelineProblem problem =
        Parsing.onlyProblem("steps:\n  - command: x\n  - command: y\n    if: build.branch == 1\n");

    assertThat(problem.location()).isEqualTo(Parsing.at(4, 9, "steps[1].if"));
    assertThat(problem.message())
        .isEqualTo("invalid if expression: cannot compare a string with a number using ==");
  }

  @Test
  void ifAndBranchesTogetherIsAnError() {
    assertThat(
            Parsing.onlyProblem("steps:\n  - {command: x, if: 'true', branches: main}\n").message())
        .isEqualTo("give either if or branches, not both");
  }

  @Test
  void anUnquotedBangIsAYamlTagAndIsReportedAtItsLine() {
    PipelineProblem problem =
        Parsing.onlyProblem("steps:\n  - command: x\n    if: !build.pull_request.draft\n");

    assertThat(problem.location().line()).isEqualTo(3);
  }

  @Test
  void catastrophicBacktrackingIsAnErrorNotAHang() {
    String expression = "build.message =~ /(.*a){12}$/";
    Map<String, Object> vars = Map.of("build.message", "a".repeat(30) + "!");

    assertThat(Conditions.check(expression)).isEmpty();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Conditions.evaluate(expression, vars, Map.of()))
        .isInstanceOf(ConditionEvaluator.EvaluationError.class);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "main                  | main       | true",
        "main                  | dev        | false",
        "'main release/*'      | release/1  | true",
        "'feature-*'           | feature-x  | true",
        "'!production'         | main       | true",
        "'!production'         | production | false",
        "'* !wip-*'            | wip-1      | false",
        "'* !wip-*'            | fix        | true",
        "'*-stable'            | 1-stable   | true",
      })
  void branchPatterns(String patterns, String branch, boolean expected) {
    assertThat(BranchPatterns.matches(List.of(patterns.split(" ")), branch)).isEqualTo(expected);
  }
}
