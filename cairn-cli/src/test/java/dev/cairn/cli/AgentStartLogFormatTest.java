package dev.cairn.cli;

import static dev.cairn.cli.AgentStartArgs.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --log-format} as the official agent takes it: text by default, or json, from the flag, the
 * variable {@code BUILDKITE_LOG_FORMAT} or the file; anything else refused naming the flag and the
 * value. The real {@code cairn agent start} runs in a child JVM, so its log lines are those a user
 * sees: here the warning about a configuration file key it does not know, then it stops (exit 2)
 * for want of a token.
 */
final class AgentStartLogFormatTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path home;

  private record Run(int status, String stdout, String stderr) {}

  @Test
  void textByDefaultJsonWithTheFlag() {
    assertThat(parse().logFormat).isEqualTo("text");
    assertThat(parse("--log-format", "json").logFormat).isEqualTo("json");
  }

  @Test
  void anUnknownFormatIsRefusedNamingTheFlagAndTheValue() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> AgentLogFormat.apply("yaml"))
        .withMessage("--log-format (BUILDKITE_LOG_FORMAT) must be text or json, got 'yaml'");
  }

  @Test
  void jsonLinesOnStandardOutputWithTheOfficialFields() throws Exception {
    Run run = agentStart(Map.of(), "--log-format", "json");

    assertThat(run.status()).as(run.stderr()).isEqualTo(2);
    assertThat(run.stderr()).contains("--token").doesNotContain("is not a setting");
    List<JsonNode> lines = new ArrayList<>();
    for (String line : run.stdout().lines().toList()) {
      lines.add(JSON.readTree(line));
    }
    assertThat(lines).isNotEmpty();
    assertThat(lines)
        .allSatisfy(line -> {
          assertThat(line.path("ts").asText())
              .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d)");
          assertThat(line.path("level").asText()).isIn("DEBUG", "INFO", "WARN", "ERROR");
          assertThat(line.has("msg")).isTrue();
        });
    assertThat(lines)
        .anySatisfy(line -> {
          assertThat(line.path("level").asText()).isEqualTo("WARN");
          assertThat(line.path("msg").asText()).contains("'unknown-key' is not a setting");
        });
  }

  @Test
  void theVariableAndTheFileChooseJsonToo() throws Exception {
    Run fromVariable = agentStart(Map.of("BUILDKITE_LOG_FORMAT", "json"));
    assertThat(fromVariable.stdout()).startsWith("{\"ts\":").contains("is not a setting");

    Run fromFile = agentStart(Map.of(), "log-format=json");
    assertThat(fromFile.stdout()).startsWith("{\"ts\":").contains("is not a setting");
    assertThat(fromFile.stderr()).doesNotContain("is not a setting");
  }

  @Test
  void textStaysOnStandardErrorAndAnUnknownFormatStopsTheStart() throws Exception {
    Run text = agentStart(Map.of());
    assertThat(text.stdout()).isEmpty();
    assertThat(text.stderr()).contains("WARN", "'unknown-key' is not a setting");

    Run unknown = agentStart(Map.of(), "--log-format", "yaml");
    assertThat(unknown.status()).isEqualTo(2);
    assertThat(unknown.stdout()).isEmpty();
    assertThat(unknown.stderr())
        .contains("--log-format (BUILDKITE_LOG_FORMAT) must be text or json, got 'yaml'");
  }

  /**
   * Runs {@code cairn agent start} with a configuration file holding an unknown key (and the line
   * {@code fileLine}, if given) and without a token, so it logs a warning and stops.
   */
  private Run agentStart(Map<String, String> env, String... flagsOrFileLine)
      throws IOException, InterruptedException {
    boolean fileLine = flagsOrFileLine.length == 1;
    Path cfg =
        Files.writeString(
            home.resolve("agent.cfg"),
            "unknown-key=1\n" + (fileLine ? flagsOrFileLine[0] + "\n" : ""));
    List<String> command = new ArrayList<>(InJobLauncher.command());
    command.addAll(List.of("agent", "start", "--config", cfg.toString()));
    if (!fileLine) {
      command.addAll(List.of(flagsOrFileLine));
    }
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(home.resolve("stdout").toFile())
            .redirectError(home.resolve("stderr").toFile());
    builder.environment().clear();
    builder.environment().put("PATH", System.getenv("PATH"));
    builder.environment().put("HOME", home.toString());
    builder.environment().putAll(env);
    Process process = builder.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("cairn agent start ended").isTrue();
    return new Run(
        process.exitValue(),
        Files.readString(home.resolve("stdout"), StandardCharsets.UTF_8),
        Files.readString(home.resolve("stderr"), StandardCharsets.UTF_8));
  }
}
