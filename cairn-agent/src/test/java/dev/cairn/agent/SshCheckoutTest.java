package dev.cairn.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.agent.job.JobSettings;
import dev.cairn.agent.job.SshServer;
import dev.cairn.protocol.JobFinish;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A job whose repository and plugin are cloned over SSH from a real sshd on 127.0.0.1 whose host
 * key the agent's host has never seen, with git and ssh refusing unknown hosts (as they do for a
 * job, which cannot answer ssh's question): the agent's ssh-keyscan makes the clones work, and with
 * {@code --no-ssh-keyscan} the checkout fails on the host key.
 */
final class SshCheckoutTest extends RiggedJobTest {
  private SshServer sshd;

  @BeforeEach
  void startSshd() throws Exception {
    sshd = SshServer.start(work.resolve("sshd"));
  }

  @AfterEach
  void stopSshd() throws Exception {
    sshd.close();
  }

  @Test
  void theRepositoryAndPluginHostsAreScannedBeforeTheirClones() throws Exception {
    rig.start(settings(true));
    server.enqueue("job-1", sshJob(), 4096);

    JobFinish finish = server.awaitFinish("job-1");

    String log = server.log("job-1");
    String name = "[127.0.0.1]:" + sshd.port();
    assertThat(finish.exitStatus()).as(log).isEqualTo("0");
    assertThat(log)
        .containsSubsequence(
            "Added host \"" + name + "\" to known hosts",
            "plugin-environment-ran",
            "~~~ Preparing working directory",
            "Host \"" + name + "\" already in list of known hosts",
            "hello over ssh");
    assertThat(Files.readString(work.resolve(".ssh/known_hosts"))).contains(sshd.hostKey());
  }

  @Test
  void withNoSshKeyscanTheUnknownHostFailsTheCheckout() throws Exception {
    rig.start(settings(false));
    Map<String, String> env = sshJob();
    env.remove("BUILDKITE_PLUGINS");
    env.put("BUILDKITE_COMMAND", "echo must-not-run; echo keyscan=$BUILDKITE_SSH_KEYSCAN");
    server.enqueue("job-1", env, 4096);

    JobFinish finish = server.awaitFinish("job-1");

    String log = server.log("job-1");
    assertThat(finish.exitStatus()).as(log).isNotEqualTo("0");
    assertThat(log)
        .contains("Host key verification failed")
        .doesNotContain("known hosts", "must-not-run");
    assertThat(work.resolve(".ssh/known_hosts")).doesNotExist();
  }

  private JobSettings settings(boolean sshKeyscan) {
    return rig.settings(work.resolve("plugins"), true, Duration.ofSeconds(10))
        .withSshKeyscan(sshKeyscan);
  }

  /** A job cloning a repository and a plugin from the sshd, as the user running the tests. */
  private Map<String, String> sshJob() throws Exception {
    Path origin = bareRepository("repo", "README", "hello over ssh");
    Path plugin =
        bareRepository(
            "thing-buildkite-plugin", "hooks/environment", "echo plugin-environment-ran");
    String base = "ssh://" + System.getProperty("user.name") + "@127.0.0.1:" + sshd.port();
    Map<String, String> env = JobRig.command("cat README");
    env.put("BUILDKITE_REPO", base + origin);
    env.put("BUILDKITE_COMMIT", "HEAD");
    env.put("BUILDKITE_BRANCH", "main");
    env.put("BUILDKITE_PLUGINS", "[\"" + base + plugin + "#main\"]");
    // ssh as a job runs it: no prompt, unknown hosts refused, and this test's files only.
    env.put(
        "GIT_SSH_COMMAND",
        "ssh -F /dev/null -i "
            + sshd.clientKey()
            + " -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=yes"
            + " -o UserKnownHostsFile="
            + work.resolve(".ssh/known_hosts"));
    return env;
  }

  /** A bare repository with one commit on main holding {@code file} (executable). */
  private Path bareRepository(String name, String file, String content) throws Exception {
    Path source = work.resolve("src-" + name);
    Path path = source.resolve(file);
    Files.createDirectories(path.getParent());
    JobRig.script(path, content);
    assertThat(path.toFile().setExecutable(true)).isTrue();
    JobRig.git(source, "init", "-q", "-b", "main");
    JobRig.git(source, "add", ".");
    JobRig.git(source, "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-q", "-m", "first");
    Path bare = work.resolve(name + ".git");
    JobRig.git(work, "clone", "-q", "--bare", source.toString(), bare.toString());
    return bare;
  }
}
