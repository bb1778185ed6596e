package dev.cairn.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.agent.job.CheckoutSettings;
import dev.cairn.agent.job.JobSettings;
import dev.cairn.protocol.JobFinish;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The built-in checkout as the official agent's checkout flags shape it, with real git: {@code
 * --git-*-flags} reach git, submodules are checked out unless {@code --no-git-submodules}, and
 * {@code --skip-checkout} (or {@code BUILDKITE_SKIP_CHECKOUT}) skips the checkout hook and git but
 * not the pre- and post-checkout hooks.
 */
final class CheckoutFlagsTest extends RiggedJobTest {
  private JobSettings settings(CheckoutSettings checkout) {
    return rig.settings(null, true, Duration.ofSeconds(10)).withCheckout(checkout);
  }

  @Test
  void gitFlagsReachGit() throws Exception {
    Path repo = repository("plain", Map.of("README", "hello", ".gitignore", "*.keep\n"));
    rig.start(settings(new CheckoutSettings("-v --no-tags", "-fdq", "-v", "-f -q", true, false)));
    server.enqueue("job-1", job(repo, "touch left-by-job-1.keep; echo made"), 4096);
    assertThat(server.awaitFinish("job-1").exitStatus()).as(server.log("job-1")).isEqualTo("0");
    server.enqueue("job-2", job(repo, "ls left-by-job-1.keep && echo ignored-file-kept"), 4096);
    JobFinish second = server.awaitFinish("job-2");

    assertThat(server.log("job-1")).contains("$ git clone -v --no-tags -- " + repo + " .");
    String log = server.log("job-2");
    assertThat(second.exitStatus()).as(log).isEqualTo("0");
    assertThat(log)
        .contains("$ git clean -fdq\r\n", "$ git fetch -v -- origin main", "$ git checkout -f -q")
        .contains("ignored-file-kept")
        .doesNotContain("git clone", "--prune");
  }

  @Test
  void theDefaultCleanRemovesWhatAJobLeftIgnoredFilesIncluded() throws Exception {
    Path repo = repository("plain", Map.of("README", "hello", ".gitignore", "*.keep\n"));
    rig.start(settings(CheckoutSettings.DEFAULTS));
    server.enqueue("job-1", job(repo, "touch left-by-job-1.keep; echo made"), 4096);
    assertThat(server.awaitFinish("job-1").exitStatus()).isEqualTo("0");
    server.enqueue("job-2", job(repo, "test ! -e left-by-job-1.keep && echo cleaned"), 4096);

    assertThat(server.awaitFinish("job-2").exitStatus()).as(server.log("job-2")).isEqualTo("0");
    assertThat(server.log("job-2")).contains("$ git clean -ffxdq", "cleaned");
  }

  /** A repository with the file {@code lib/sub-file} in a submodule. */
  private Path repositoryWithSubmodule() throws Exception {
    Path sub = repository("sub", Map.of("sub-file", "from the submodule"));
    Path repo = repository("main", Map.of("README", "main"));
    JobRig.git(
        repo, "-c", "protocol.file.allow=always", "submodule", "add", "-q", sub.toString(), "lib");
    JobRig.git(repo, "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-q", "-m", "sub");
    return repo;
  }

  @Test
  void submodulesAreCheckedOutUnlessTurnedOff() throws Exception {
    Path repo = repositoryWithSubmodule();

    rig.start(settings(CheckoutSettings.DEFAULTS));
    server.enqueue("job-1", job(repo, "cat lib/sub-file"), 4096);
    JobFinish finish = server.awaitFinish("job-1");

    String log = server.log("job-1");
    assertThat(finish.exitStatus()).as(log).isEqualTo("0");
    assertThat(log)
        .contains("$ git submodule update --init --recursive --force", "from the submodule");
  }

  @Test
  void noGitSubmodulesLeavesThemOut() throws Exception {
    Path repo = repositoryWithSubmodule();

    rig.start(settings(new CheckoutSettings("-v", "-ffxdq", "-v --prune", "-f", false, false)));
    server.enqueue(
        "job-1", job(repo, "ls -A lib | wc -l; echo submodules=$BUILDKITE_GIT_SUBMODULES"), 4096);
    JobFinish finish = server.awaitFinish("job-1");

    String log = server.log("job-1");
    assertThat(finish.exitStatus()).as(log).isEqualTo("0");
    assertThat(log).contains("\n0\r\nsubmodules=false").doesNotContain("git submodule");
  }

  @Test
  void skipCheckoutSkipsTheCheckoutHookAndGitButNotItsNeighbours() throws Exception {
    Path repo = repository("plain", Map.of("README", "hello"));
    rig.hook("pre-checkout", "echo pre-checkout-ran");
    rig.hook("checkout", "echo checkout-hook-ran");
    rig.hook("post-checkout", "echo post-checkout-ran");
    rig.start(settings(new CheckoutSettings("-v", "-ffxdq", "-v --prune", "-f", true, true)));
    server.enqueue("job-1", job(repo, "echo skip=$BUILDKITE_SKIP_CHECKOUT; ls -A | wc -l"), 4096);
    JobFinish finish = server.awaitFinish("job-1");

    String log = server.log("job-1");
    assertThat(finish.exitStatus()).as(log).isEqualTo("0");
    assertThat(log)
        .containsSubsequence(
            "pre-checkout-ran",
            "Skipping checkout, BUILDKITE_SKIP_CHECKOUT is set",
            "post-checkout-ran",
            "skip=true\r\n0\r\n")
        .doesNotContain("checkout-hook-ran", "git fetch");
  }

  @Test
  void aJobThatSetsSkipCheckoutSkipsTheCheckoutHookToo() throws Exception {
    rig.hook("checkout", "echo checkout-hook-ran");
    rig.start(settings(CheckoutSettings.DEFAULTS));
    Map<String, String> env = JobRig.command("echo command-ran");
    env.put("BUILDKITE_SKIP_CHECKOUT", "true");
    server.enqueue("job-1", env, 4096);

    assertThat(server.awaitFinish("job-1").exitStatus()).isEqualTo("0");
    assertThat(server.log("job-1"))
        .contains("Skipping checkout", "command-ran")
        .doesNotContain("checkout-hook-ran");
  }

  private static Map<String, String> job(Path repo, String command) {
    Map<String, String> env = JobRig.command(command);
    env.put("BUILDKITE_REPO", repo.toString());
    env.put("BUILDKITE_COMMIT", "HEAD");
    env.put("BUILDKITE_BRANCH", "main");
    // git refuses file:// submodules unless told (CVE-2022-39253); the job allows them here.
    env.put("GIT_CONFIG_COUNT", "1");
    env.put("GIT_CONFIG_KEY_0", "protocol.file.allow");
    env.put("GIT_CONFIG_VALUE_0", "always");
    return env;
  }

  /** A repository with one commit on main holding {@code files}. */
  private Path repository(String name, Map<String, String> files) throws Exception {
    Path repo = work.resolve(name);
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path path = repo.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.writeString(path, file.getValue());
    }
    JobRig.git(repo, "init", "-q", "-b", "main");
    JobRig.git(repo, "add", ".");
    JobRig.git(repo, "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-q", "-m", "first");
    return repo;
  }
}
