package dev.cairn.agent.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ssh-keyscan before a clone, against a real sshd on 127.0.0.1, with the real ssh, ssh-keygen and
 * ssh-keyscan: an unknown server is scanned and appended once, a known one (hashed too) is left as
 * it is, addresses without an SSH server are left alone, and a server that does not answer is only
 * a warning.
 */
final class SshKeyscanTest {
  @TempDir Path work;
  private final List<String> log = new ArrayList<>();
  private SshServer server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private SshKeyscan keyscan() {
    Map<String, String> env = Map.of("HOME", work.toString(), "PATH", System.getenv("PATH"));
    return new SshKeyscan(env, log::add, () -> false);
  }

  private Path knownHosts() {
    return work.resolve(".ssh/known_hosts");
  }

  @Test
  void anUnknownServerIsScannedAndAddedOnceUnderItsPortName() throws Exception {
    server = SshServer.start(work.resolve("sshd"));
    String name = "[127.0.0.1]:" + server.port();

    keyscan().ensureKnown("ssh://git@127.0.0.1:" + server.port() + "/srv/repo.git");

    assertThat(log)
        .containsExactly(
            "Added host \"" + name + "\" to known hosts at \"" + knownHosts() + "\"\n");
    assertThat(Files.readAllLines(knownHosts())).contains(name + " " + server.hostKey());
    assertThat(SshServer.run("ssh-keygen", "-F", name, "-f", knownHosts().toString()))
        .contains(server.hostKey());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(knownHosts())))
        .isEqualTo("rw-------");
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(knownHosts().getParent())))
        .isEqualTo("rwx------");

    String before = Files.readString(knownHosts());
    log.clear();
    keyscan().ensureKnown("ssh://other-user@127.0.0.1:" + server.port() + "/elsewhere.git");

    assertThat(log)
        .containsExactly(
            "Host \"" + name + "\" already in list of known hosts at \"" + knownHosts() + "\"\n");
    assertThat(Files.readString(knownHosts())).isEqualTo(before);
  }

  @Test
  void aHashedEntryCountsAsKnown() throws Exception {
    server = SshServer.start(work.resolve("sshd"));
    String name = "[127.0.0.1]:" + server.port();
    Files.createDirectories(knownHosts().getParent());
    Files.writeString(knownHosts(), name + " " + server.hostKey() + "\n");
    SshServer.run("ssh-keygen", "-H", "-f", knownHosts().toString());
    String hashed = Files.readString(knownHosts());
    assertThat(hashed).startsWith("|1|").doesNotContain("127.0.0.1");

    keyscan().ensureKnown("ssh://git@127.0.0.1:" + server.port() + "/srv/repo.git");

    assertThat(log).singleElement().asString().contains("already in list of known hosts");
    assertThat(Files.readString(knownHosts())).isEqualTo(hashed);
  }

  @Test
  void anEntryIsAppendedOnALineOfItsOwn() throws Exception {
    server = SshServer.start(work.resolve("sshd"));
    Files.createDirectories(knownHosts().getParent());
    Files.writeString(knownHosts(), "# kept, without a final newline");

    keyscan().ensureKnown("ssh://git@127.0.0.1:" + server.port() + "/srv/repo.git");

    assertThat(Files.readAllLines(knownHosts()))
        .startsWith("# kept, without a final newline")
        .contains("[127.0.0.1]:" + server.port() + " " + server.hostKey());
  }

  @Test
  void addressesWithoutAnSshServerAreLeftAlone() throws Exception {
    Path local = Files.createDirectories(work.resolve("repo.git"));
    for (String address :
        List.of(
            "https://github.com/buildkite/agent.git",
            "file://" + local,
            local.toString(),
            "git://example.org/r.git")) {
      keyscan().ensureKnown(address);
    }

    assertThat(log).isEmpty();
    assertThat(work.resolve(".ssh")).doesNotExist();
  }

  @Test
  void aServerThatDoesNotAnswerIsAWarningAfterThreeAttempts() throws Exception {
    int closed = SshServer.freePort();

    keyscan().ensureKnown("ssh://git@127.0.0.1:" + closed + "/srv/repo.git");

    assertThat(log)
        .hasSize(3)
        .allSatisfy(line ->
            assertThat(line)
                .startsWith(
                    "cairn-agent: warning: `ssh-keyscan -T 5 -p " + closed + " 127.0.0.1` failed"));
    assertThat(log.get(2)).contains("attempt 3 of 3");
    assertThat(Files.readString(knownHosts())).isEmpty();
  }

  @Test
  void aBadSshAddressIsAWarning() throws Exception {
    keyscan().ensureKnown("ssh://git@host:70000/r.git");

    assertThat(log)
        .singleElement()
        .asString()
        .startsWith("cairn-agent: warning:")
        .contains("70000");
  }

  @Test
  void sshResolvesAHostWithoutPortToTheDefaultOne() throws Exception {
    assertThat(keyscan().resolve(new SshRemote("127.0.0.1", -1)))
        .isEqualTo(new SshRemote("127.0.0.1", 22));
    assertThat(keyscan().resolve(new SshRemote("127.0.0.1", 2222)))
        .isEqualTo(new SshRemote("127.0.0.1", 2222));
  }
}
