package dev.cairn.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A local git repository made with the real {@code git}, for plugins and checkouts in tests. */
public final class GitRepository {
  private GitRepository() {}

  /**
   * Makes {@code dir} a repository on branch {@code main} whose one commit holds everything in it,
   * tagged {@code tag}.
   */
  public static void commitAllAndTag(Path dir, String tag)
      throws IOException, InterruptedException {
    git(dir, "init", "-q", "-b", "main");
    git(dir, "add", ".");
    git(dir, "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-q", "-m", "v1");
    git(dir, "tag", tag);
  }

  /**
   * Runs {@code git args} in {@code dir}, at most 30 seconds.
   *
   * @throws IllegalStateException with git's output if it fails or takes longer
   */
  public static void git(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    Process git =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!git.waitFor(30, TimeUnit.SECONDS)) {
      git.destroyForcibly();
      throw new IllegalStateException(command + " in " + dir + " took over 30 s: " + out);
    }
    if (git.exitValue() != 0) {
      throw new IllegalStateException(
          command + " in " + dir + " exited " + git.exitValue() + ": " + out);
    }
  }
}
