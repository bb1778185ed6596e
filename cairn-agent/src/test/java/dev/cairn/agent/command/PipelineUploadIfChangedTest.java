package dev.cairn.agent.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pipeline upload --dry-run} applies {@code if_changed} against a real git repository (spec
 * §5): the branch changed only Go files, so the Rust step is skipped and the Go step is not.
 */
class PipelineUploadIfChangedTest {
  private static final String PIPELINE =
      """
      steps:
        - {label: go, command: go test, if_changed: "**/*.go"}
        - {label: rust, command: cargo test, if_changed: ["**/*.rs", "Cargo.toml"]}
        - {label: always, command: make}
      """;

  @TempDir Path repo;

  @Test
  void stepsWhoseGlobsMatchNoChangedFileAreSkippedAgainstTheDiffBase() throws Exception {
    git("init", "-q", "-b", "main");
    write("README.md", "hello");
    write("pipeline.yml", PIPELINE);
    git("add", ".");
    git("commit", "-q", "-m", "base");
    git("checkout", "-q", "-b", "feature");
    write("src/main.go", "package main");
    git("add", ".");
    git("commit", "-q", "-m", "change");

    Run run = upload(Map.of("BUILDKITE_GIT_DIFF_BASE", "main"));

    assertThat(run.out).doesNotContain("\"if_changed\"");
    assertThat(run.out)
        .contains(
            "\"label\" : \"rust\",\n    \"command\" : \"cargo test\",\n    \"skip\" :"
                + " \"if_changed matched no unexcluded changed files in this build\"");
    assertThat(run.out).containsOnlyOnce("\"skip\"");
  }

  @Test
  void aListOfChangedFilesReplacesGit() throws Exception {
    write("pipeline.yml", PIPELINE);
    write("changed.txt", "crates/x/lib.rs\n\n");

    Run run = upload(Map.of("BUILDKITE_CHANGED_FILES_PATH", "changed.txt"));

    assertThat(run.out).containsOnlyOnce("\"skip\"");
    assertThat(run.out)
        .contains("\"label\" : \"go\",\n    \"command\" : \"go test\",\n    \"skip\"");
  }

  @Test
  void withoutARepositoryNothingIsSkippedAndTheUploadSaysWhy() throws Exception {
    write("pipeline.yml", PIPELINE);

    Run run = upload(Map.of());

    assertThat(run.out).doesNotContain("\"if_changed\"").doesNotContain("\"skip\"");
    assertThat(run.err)
        .contains("if_changed: cannot find the files changed since origin/main")
        .contains("no step is skipped");
  }

  private record Run(String out, String err) {}

  private Run upload(Map<String, String> env) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CommandIo io =
        new CommandIo(
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            repo,
            env);
    int status =
        new PipelineUploadCommand(io)
            .upload(
                null, new PipelineUploadCommand.Options("pipeline.yml", false, true, false, false));
    assertThat(status).isZero();
    return new Run(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private void write(String name, String text) throws IOException {
    Path file = repo.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private void git(String... args) throws Exception {
    List<String> command =
        new java.util.ArrayList<>(
            List.of("git", "-c", "user.name=Test", "-c", "user.email=test@example.com"));
    command.addAll(List.of(args));
    Process git =
        new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true).start();
    String output = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(git.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(git.exitValue()).as("git %s: %s", args, output).isZero();
  }
}
