package dev.cairn.agent.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pipeline upload} resolves {@code BUILDKITE_COMMIT} with {@code git rev-parse} before it
 * interpolates (spec §4), and a git that never answers must not hold the upload: the commit is then
 * left as given, with a warning. The hang is real: the repository's {@code objects/info/alternates}
 * is a named pipe nobody writes, so git blocks opening it when it peels the commit.
 */
class PipelineUploadCommitTest {
  @TempDir Path repo;

  @Test
  void aCommitNameIsResolvedToItsSha() throws Exception {
    git("init", "-q", "-b", "main");
    git("commit", "-q", "--allow-empty", "-m", "base");
    String sha = git("rev-parse", "HEAD").strip();

    Run run = upload(PipelineUploadCommand.GIT_LIMIT);

    assertThat(run.out).contains("\"command\" : \"echo " + sha + "\"");
  }

  @Test
  void aHungGitIsStoppedAtItsTimeLimitAndTheCommitIsLeftAsGiven() throws Exception {
    git("init", "-q", "-b", "main");
    git("commit", "-q", "--allow-empty", "-m", "base");
    Path alternates = repo.resolve(".git/objects/info/alternates");
    Files.createDirectories(alternates.getParent());
    Process mkfifo = new ProcessBuilder("mkfifo", alternates.toString()).start();
    assertThat(mkfifo.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(mkfifo.exitValue()).isZero();

    Run run =
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> upload(Duration.ofSeconds(1)));

    assertThat(run.out).contains("\"command\" : \"echo HEAD\"");
    assertThat(run.err)
        .contains("cannot resolve BUILDKITE_COMMIT=HEAD")
        .contains("did not finish within 1s");
  }

  private record Run(String out, String err) {}

  private Run upload(Duration gitLimit) throws Exception {
    Files.writeString(
        repo.resolve("pipeline.yml"), "steps:\n  - command: echo $BUILDKITE_COMMIT\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CommandIo io =
        new CommandIo(
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            repo,
            Map.of("BUILDKITE_COMMIT", "HEAD"));
    int status =
        new PipelineUploadCommand(io, gitLimit)
            .upload(
                null, new PipelineUploadCommand.Options("pipeline.yml", true, true, false, false));
    assertThat(status).isZero();
    return new Run(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private String git(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of("git", "-c", "user.name=Test", "-c", "user.email=test@example.com"));
    command.addAll(List.of(args));
    Process git =
        new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true).start();
    String output = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(git.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(git.exitValue()).as("git %s: %s", args, output).isZero();
    return output;
  }
}
