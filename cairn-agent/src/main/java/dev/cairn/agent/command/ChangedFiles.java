package dev.cairn.agent.command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The files a build changed, for {@code if_changed} at {@code pipeline upload} (spec §5), found as
 * the official agent finds them: the file named by {@code BUILDKITE_CHANGED_FILES_PATH} (one path a
 * line), or else {@code git diff --name-only} between {@code HEAD} and its merge base with the diff
 * base ({@code BUILDKITE_GIT_DIFF_BASE}, else {@code origin/} + the pull request's base branch,
 * else {@code origin/} + the pipeline's default branch, else {@code origin/main}). Empty when they
 * cannot be found, or when {@code BUILDKITE_AGENT_APPLY_IF_CHANGED=false}: then nothing is skipped.
 * Each git command is bounded in time.
 */
final class ChangedFiles {
  private static final long GIT_SECONDS = 30;

  private final CommandIo io;

  ChangedFiles(CommandIo io) {
    this.io = io;
  }

  Optional<List<String>> find() {
    Map<String, String> env = io.env();
    if ("false".equalsIgnoreCase(env.getOrDefault("BUILDKITE_AGENT_APPLY_IF_CHANGED", "true"))) {
      return Optional.empty();
    }
    String listed = env.getOrDefault("BUILDKITE_CHANGED_FILES_PATH", "");
    if (!listed.isBlank()) {
      return fromFile(listed);
    }
    String base = diffBase(env);
    Optional<List<String>> files =
        git("merge-base", base, "HEAD")
            .flatMap(lines -> lines.stream().findFirst())
            .flatMap(mergeBase -> git("diff", "--name-only", mergeBase, "HEAD"));
    if (files.isEmpty()) {
      warn(
          "cannot find the files changed since "
              + base
              + " (set BUILDKITE_GIT_DIFF_BASE to a commit of this repository)");
    }
    return files;
  }

  static String diffBase(Map<String, String> env) {
    String explicit = env.getOrDefault("BUILDKITE_GIT_DIFF_BASE", "");
    if (!explicit.isBlank()) {
      return explicit;
    }
    for (String name :
        List.of("BUILDKITE_PULL_REQUEST_BASE_BRANCH", "BUILDKITE_PIPELINE_DEFAULT_BRANCH")) {
      String branch = env.getOrDefault(name, "");
      if (!branch.isBlank()) {
        return "origin/" + branch;
      }
    }
    return "origin/main";
  }

  private Optional<List<String>> fromFile(String path) {
    try {
      List<String> files = new ArrayList<>();
      for (String line : Files.readAllLines(io.workingDir().resolve(path))) {
        if (!line.isBlank()) {
          files.add(line.strip());
        }
      }
      return Optional.of(files);
    } catch (IOException e) {
      warn("cannot read the changed files from " + path + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  // The output goes to a file rather than a pipe, so that a git that hangs cannot block a read
  // and the time limit always applies.
  private Optional<List<String>> git(String... args) {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    Path out = null;
    try {
      out = Files.createTempFile("cairn-git", ".out");
      Process git =
          new ProcessBuilder(command)
              .directory(io.workingDir().toFile())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .redirectOutput(out.toFile())
              .start();
      if (!git.waitFor(GIT_SECONDS, TimeUnit.SECONDS)) {
        git.destroyForcibly();
        return Optional.empty();
      }
      return git.exitValue() == 0
          ? Optional.of(
              Files.readAllLines(out, StandardCharsets.UTF_8).stream()
                  .filter(l -> !l.isBlank())
                  .toList())
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } finally {
      if (out != null) {
        try {
          Files.deleteIfExists(out);
        } catch (IOException e) {
          // A leftover empty temp file is harmless.
        }
      }
    }
  }

  private void warn(String message) {
    io.err().println("pipeline upload: if_changed: " + message + "; no step is skipped");
  }
}
