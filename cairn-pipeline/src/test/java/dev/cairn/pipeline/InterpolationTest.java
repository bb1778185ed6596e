package dev.cairn.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The agent's upload interpolation (spec §4), one rule per test, then whole documents. */
class InterpolationTest {
  private static final Map<String, String> ENV =
      Map.of("A", "apple", "EMPTY", "", "C", "abcdefghijklmnop", "É", "accent");

  private static String interpolate(String text) throws Interpolation.Failure {
    return Interpolation.apply(text, ENV);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "$A                | apple",
        "${A}              | apple",
        "x${A}y            | xappley",
        "$UNSET            | ''",
        "$A_B              | ''",
        "${UNSET:-dflt}    | dflt",
        "${EMPTY:-dflt}    | dflt",
        "${A:-dflt}        | apple",
        "${UNSET-dflt}     | dflt",
        "${EMPTY-dflt}     | ''",
        "${C:7}            | hijklmnop",
        "${C:7:7}          | hijklmn",
        "${C: -3}          | nop",
        "${C:2:-10}        | cdef",
        "${C:100}          | ''",
        "${C:3:100}        | defghijklmnop",
        "${UNSET:3}        | ''",
        "${A?}             | apple",
        "${EMPTY?}         | ''",
        "${UNSET:-${A}}    | apple",
        "${UNSET:-${NO:-$A}} | apple",
        "$$A               | $A",
        "\\$A              | $A",
        "$${A:-$A}         | ${A:-apple}",
        "\\\\$A            | \\\\apple",
        "$(date)           | $(date)",
        "$1 $_X $@ $       | $1 $_X $@ $",
        "/fee$/            | /fee$/",
        "$É                | accent",
      })
  void expandsLikeTheAgent(String text, String expected) throws Exception {
    assertThat(interpolate(text.strip())).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"${_X}", "${1}", "${}", "${A", "${A+x}", "${A:+x}", "${A=x}", "${A:?msg}"})
  void rejectsWhatTheAgentRejects(String text) {
    assertThatThrownBy(() -> interpolate(text)).isInstanceOf(Interpolation.Failure.class);
  }

  @Test
  void aRequiredUnsetVariableFailsWithItsMessage() {
    assertThatThrownBy(() -> interpolate("${NOPE?set NOPE first}"))
        .hasMessage("$NOPE: set NOPE first");
    assertThatThrownBy(() -> interpolate("${NOPE?}")).hasMessage("$NOPE: not set");
  }

  @Test
  void aDefaultIsEvaluatedOnlyWhenUsed() throws Exception {
    assertThat(interpolate("${A:-${NOPE?}}")).isEqualTo("apple");
  }

  @Test
  void aSubstitutedValueIsNotInterpolatedAgain() throws Exception {
    assertThat(Interpolation.apply("$X", Map.of("X", "$A"))).isEqualTo("$A");
  }

  @Test
  void textWithoutReferencesIsUnchanged() {
    qt().forAll(strings().allPossible().ofLengthBetween(0, 50))
        .assuming(s -> s.indexOf('$') < 0 && !s.contains("\\\\"))
        .check(s -> {
          try {
            return Interpolation.apply(s, ENV).equals(s);
          } catch (Interpolation.Failure e) {
            return false;
          }
        });
  }

  @Test
  void escapedTextRoundTrips() {
    // Escaping every $ as $$ gives back the original text, whatever it holds.
    qt().forAll(strings().ascii().ofLengthBetween(0, 60))
        .assuming(s -> !s.contains("\\"))
        .check(s -> {
          try {
            return Interpolation.apply(s.replace("$", "$$"), ENV).equals(s);
          } catch (Interpolation.Failure e) {
            return false;
          }
        });
  }

  @Test
  void substringsNeverFailAndStayWithinTheValue() {
    qt().forAll(integers().between(-30, 30), integers().between(-30, 30))
        .check((off, len) -> {
          String spec = "${C:" + (off < 0 ? " " : "") + off + ":" + len + "}";
          try {
            return ENV.get("C").contains(Interpolation.apply(spec, ENV));
          } catch (Interpolation.Failure e) {
            return false;
          }
        });
  }

  @Test
  void pipelineEnvComesFirstWinsAndFeedsLaterEntries() throws Exception {
    Pipeline pipeline =
        PipelineParser.parse(
            "p.yml",
            """
            env:
              A: pipeline
              B: "$A-b"
              ${A}_KEY: k
            steps:
              - command: echo $A $B ${pipeline_KEY}
                label: $HOME
            """,
            Map.of("A", "agent", "HOME", "/home/ci"));

    assertThat(pipeline.env())
        .containsExactly(
            Map.entry("A", "pipeline"),
            Map.entry("B", "pipeline-b"),
            Map.entry("pipeline_KEY", "k"));
    CommandStep step = (CommandStep) pipeline.steps().get(0);
    assertThat(step.command()).isEqualTo("echo pipeline pipeline-b k");
    assertThat(step.label()).contains("/home/ci");
  }

  @Test
  void aStepEnvDoesNotFeedInterpolationSoWriteDoubleDollar() throws Exception {
    CommandStep step =
        (CommandStep)
            PipelineParser.parse(
                    "p.yml",
                    "steps:\n  - command: echo $A $$A\n    env: {A: x, B: $HOME}\n",
                    Map.of("HOME", "/h"))
                .steps()
                .get(0);

    assertThat(step.command()).isEqualTo("echo  $A");
    assertThat(step.env()).containsEntry("B", "/h");
  }

  @Test
  void parseWithoutAnEnvironmentNeverInterpolates() throws Exception {
    CommandStep step =
        (CommandStep)
            PipelineParser.parse("p.yml", "steps: [{command: echo $A $$B}]").steps().get(0);

    assertThat(step.command()).isEqualTo("echo $A $$B");
  }

  @Test
  void theSignatureIsNotInterpolatedButNumbersStayNumbers() throws Exception {
    CommandStep step =
        (CommandStep)
            PipelineParser.parse(
                    "p.yml",
                    "steps:\n  - command: x\n    parallelism: 2\n    signature: {value: $A}\n",
                    Map.of("A", "a"))
                .steps()
                .get(0);

    assertThat(step.signature()).contains(Map.of("value", "$A"));
    assertThat(step.parallelism()).contains(2);
  }

  @Test
  void anInterpolationErrorIsAProblemAtItsString() {
    PipelineException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            PipelineException.class,
            () -> PipelineParser.parse("p.yml", "steps:\n  - command: echo ${NOPE?}\n", Map.of()));

    assertThat(e.problems())
        .containsExactly(
            new PipelineProblem(
                new Location("p.yml", 2, 14, "steps[0].command"),
                "interpolation failed: $NOPE: not set"));
  }

  @Test
  void interpolatesMapKeysAndEveryStringOfSharedAnchorsOnce() throws Exception {
    Map<String, String> env = new HashMap<>(Map.of("Q", "fast", "K", "NAME"));
    Pipeline pipeline =
        PipelineParser.parse(
            "p.yml",
            "x: &a {agents: {queue: $Q}, env: {$K: v}}\nsteps:\n  - {<<: *a, command: a}\n  - {<<: *a, command: b}\n",
            env);

    assertThat(pipeline.steps())
        .extracting(s -> ((CommandStep) s).agents())
        .containsOnly(Map.of("queue", "fast"));
    assertThat(pipeline.steps())
        .extracting(s -> ((CommandStep) s).env())
        .containsOnly(Map.of("NAME", "v"));
    assertThat(List.of(pipeline.unknown().get("x"))).isNotEmpty();
  }
}
