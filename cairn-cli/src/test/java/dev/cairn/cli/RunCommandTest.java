package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn run FILE} runs a pipeline on an embedded server with local agents (real processes,
 * real HTTP on 127.0.0.1) and prints each job's log lines prefixed with its label on one line.
 */
class RunCommandTest {
  @TempDir Path dir;

  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private PrintStream stdout;

  @BeforeEach
  void captureStdout() {
    stdout = System.out;
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreStdout() {
    System.setOut(stdout);
  }

  @Test
  void aPassingPipelinePrintsItsLogsUnderOneLineLabelsAndExitsZero() throws IOException {
    Path file = dir.resolve("pipeline.yml");
    Files.writeString(
        file,
        """
        steps:
          - command: |
              echo one
              printf 'h\\303\\251llo \\342\\234\\223\\n'
          - label: "second"
            command: "echo two"
        """);

    int exit = Main.commandLine().execute("run", file.toString(), "--agents", "1");

    String out = printed.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(out).isZero();
    assertThat(out).contains("echo one … │ one\n", "echo one … │ héllo ✓\n", "second │ two\n");
    assertThat(out).doesNotContain("\u001b_bk;t=", "\r");
    assertThat(out).contains("✔ echo one …  passed", "✔ second  passed");
  }

  @Test
  void aFailingStepMakesItExitOne() throws IOException {
    Path file = dir.resolve("pipeline.yml");
    Files.writeString(file, "steps:\n  - label: \"fails\"\n    command: \"exit 3\"\n");

    int exit = Main.commandLine().execute("run", file.toString(), "--agents", "1");

    String out = printed.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(out).isEqualTo(1);
    assertThat(out).contains("✘ fails  failed (exit 3)");
  }
}
