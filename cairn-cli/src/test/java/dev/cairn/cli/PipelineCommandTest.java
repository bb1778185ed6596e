package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code cairn pipeline lint} and {@code cairn pipeline expand}, run through picocli. */
class PipelineCommandTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(Map<String, String> env, String... args) {
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    CommandLine expand = cli.getSubcommands().get("pipeline").getSubcommands().get("expand");
    ((PipelineExpandCommand) expand.getCommand()).environment = env;
    return cli.execute(args);
  }

  private String file(String name, String yaml) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, yaml);
    return file.toString();
  }

  @Test
  void lintExitsZeroForValidFiles() throws IOException {
    String a = file("a.yml", "steps:\n  - command: make\n  - wait\n  - block: Ship\n");

    assertThat(run(Map.of(), "pipeline", "lint", a)).isZero();
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void lintPrintsEveryProblemOfEveryFileAndExitsTwo() throws IOException {
    String good = file("good.yml", "steps: [wait]\n");
    String bad =
        file(
            "bad.yml",
            "steps:\n  - command: make\n    key: \"bad key\"\n  - {command: x, depends_on: nope}\n");
    String dup = file("dup.yml", "steps:\n  - {command: a, key: k}\n  - {command: b, key: k}\n");

    assertThat(run(Map.of(), "pipeline", "lint", good, bad, dup)).isEqualTo(2);
    assertThat(out.toString().lines())
        .containsExactly(
            bad
                + ":3:10: steps[0].key: expected a key of letters, digits and _ - : $ { } . , only, found \"bad key\"",
            dup + ":3:5: steps[1]: key \"k\" is already used at line 2 (steps[0])");
  }

  @Test
  void expandPrintsJobsAsJson() throws IOException {
    String f =
        file(
            "p.yml",
            """
            env: {GREETING: "hi $USER"}
            steps:
              - {command: "echo $GREETING", key: a, matrix: [x, y], soft_fail: true}
              - wait
              - {command: t, parallelism: 2}
              - {command: never, if: build.tag != null}
            """);

    assertThat(run(Map.of("USER", "ann"), "pipeline", "expand", f, "--branch", "dev")).isZero();
    JsonNode json = new ObjectMapper().readTree(out.toString());

    assertThat(json.get("jobs")).hasSize(5);
    JsonNode first = json.get("jobs").get(0);
    assertThat(first.get("id").asText()).isEqualTo("job-2");
    assertThat(first.get("step_key").asText()).isEqualTo("a");
    assertThat(first.get("type").asText()).isEqualTo("command");
    assertThat(first.get("command").asText()).isEqualTo("echo hi ann");
    assertThat(first.get("soft_fail").asBoolean()).isTrue();
    assertThat(first.get("env").get("GREETING").asText()).isEqualTo("hi ann");
    assertThat(first.get("matrix").get("").asText()).isEqualTo("x");
    JsonNode wait = json.get("jobs").get(2);
    assertThat(wait.get("type").asText()).isEqualTo("wait");
    assertThat(wait.get("depends_on")).hasSize(2);
    assertThat(json.get("jobs").get(4).get("parallel_job").asInt()).isEqualTo(1);
    assertThat(json.get("jobs").get(4).get("parallel_job_count").asInt()).isEqualTo(2);
    assertThat(json.get("excluded").get(0).asText()).isEqualTo("steps[3]");
  }

  @Test
  void expandWithoutInterpolationKeepsVariables() throws IOException {
    String f = file("p.yml", "steps: [{command: echo $USER}]\n");

    assertThat(run(Map.of("USER", "ann"), "pipeline", "expand", "--no-interpolation", f)).isZero();
    assertThat(out.toString()).contains("echo $USER");
  }

  @Test
  void expandReportsProblemsOnStandardErrorAndExitsTwo() throws IOException {
    String f = file("p.yml", "steps:\n  - command: echo ${NOPE?}\n");

    assertThat(run(Map.of(), "pipeline", "expand", f)).isEqualTo(2);
    assertThat(err.toString().strip())
        .isEqualTo(f + ":2:14: steps[0].command: interpolation failed: $NOPE: not set");
  }

  @Test
  void expandHelpDocumentsTheFormat() {
    assertThat(run(Map.of(), "pipeline", "expand", "--help")).isZero();
    assertThat(out.toString()).contains("\"parallel_job_count\"", "--no-interpolation", "excluded");
  }
}
