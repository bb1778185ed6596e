package dev.cairn.agent.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which repository addresses name an SSH server, and under what name known_hosts files it. */
final class SshRemoteTest {
  @TempDir Path dir;

  @Test
  void scpLikeAddressesNameTheirHostOnTheDefaultPort() {
    assertThat(SshRemote.of("git@github.com:buildkite/agent.git"))
        .contains(new SshRemote("github.com", -1));
    assertThat(SshRemote.of("example.org:repo.git")).contains(new SshRemote("example.org", -1));
    assertThat(SshRemote.of("git@github.com:buildkite/agent.git").orElseThrow().knownHostsName())
        .isEqualTo("github.com");
  }

  @Test
  void sshUrlsNameTheirHostAndPort() {
    assertThat(SshRemote.of("ssh://git@gitlab.example:2222/group/repo.git"))
        .contains(new SshRemote("gitlab.example", 2222));
    assertThat(SshRemote.of("ssh://host.example/repo")).contains(new SshRemote("host.example", -1));
    assertThat(SshRemote.of("git+ssh://git@my_host:22/r")).contains(new SshRemote("my_host", 22));
    assertThat(SshRemote.of("SSH://user:pw@[::1]:2200/r")).contains(new SshRemote("::1", 2200));
  }

  @Test
  void knownHostsNamesAPortOtherThan22InBrackets() {
    assertThat(new SshRemote("gitlab.example", 2222).knownHostsName())
        .isEqualTo("[gitlab.example]:2222");
    assertThat(new SshRemote("gitlab.example", 22).knownHostsName()).isEqualTo("gitlab.example");
    assertThat(new SshRemote("::1", 2200).knownHostsName()).isEqualTo("[::1]:2200");
  }

  @Test
  void otherAddressesNameNoSshServer() {
    assertThat(SshRemote.of("https://github.com/buildkite/agent.git")).isEmpty();
    assertThat(SshRemote.of("http://127.0.0.1:8080/r.git")).isEmpty();
    assertThat(SshRemote.of("git://example.org/r.git")).isEmpty();
    assertThat(SshRemote.of("file:///srv/git/r.git")).isEmpty();
    assertThat(SshRemote.of("/srv/git/r.git")).isEmpty();
    assertThat(SshRemote.of("./relative/r.git")).isEmpty();
    assertThat(SshRemote.of("C:\\repos\\r")).as("a Windows drive is no host").isEmpty();
    assertThat(SshRemote.of("")).isEmpty();
  }

  @Test
  void aLocalPathThatExistsIsNeverAnSshAddress() throws Exception {
    Path odd = java.nio.file.Files.createDirectories(dir.resolve("host:repo"));

    assertThat(SshRemote.of(odd.toString())).isEmpty();
  }

  @Test
  void aBadSshAddressSaysWhatIsWrongWithoutShowingIt() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SshRemote.of("ssh://user:hunter2@host:99999/r"))
        .withMessageContaining("99999")
        .withMessageNotContaining("hunter2");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SshRemote.of("ssh://user:hunter2@/r"))
        .withMessageContaining("names no host")
        .withMessageNotContaining("hunter2");
  }
}
