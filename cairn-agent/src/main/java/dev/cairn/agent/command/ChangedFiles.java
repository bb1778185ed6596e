package dev.cairn.agent.command;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
  private static final Duration GIT_LIMIT = Duration.ofSeconds(30);

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

  private Optional<List<String>> git(String... args) {
    return new BoundedGit(io.workingDir(), GIT_LIMIT).lines(args);
  }

  private void warn(String message) {
    io.err().println("pipeline upload: if_changed: " + message + "; no step is skipped");
  }
}
