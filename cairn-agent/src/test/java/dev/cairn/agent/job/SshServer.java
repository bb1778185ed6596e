package dev.cairn.agent.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH server on 127.0.0.1 for tests: its own host key, and one client key that may log
 * in as the user running the tests (so git can clone over it). Needs Debian's openssh-server
 * ({@code /usr/sbin/sshd}), which {@code .ci/run} installs; sshd wants its privilege separation
 * directory, made here when missing. Stopped (SIGTERM to its pid) on {@link #close}.
 */
public final class SshServer implements AutoCloseable {
  private static final Path SSHD = Path.of("/usr/sbin/sshd");
  private static final Duration START_LIMIT = Duration.ofSeconds(20);

  private final Process process;
  private final int port;
  private final Path clientKey;
  private final String hostKey;
  private final Path log;

  private SshServer(Process process, int port, Path clientKey, String hostKey, Path log) {
    this.process = process;
    this.port = port;
    this.clientKey = clientKey;
    this.hostKey = hostKey;
    this.log = log;
  }

  /** Starts a server whose keys, configuration and log live in {@code dir} (made if missing). */
  public static SshServer start(Path dir) throws Exception {
    assertThat(SSHD)
        .as("these tests need a real sshd: apt-get install openssh-server (.ci/run does)")
        .isExecutable();
    Files.createDirectories(dir);
    Path privsep = Path.of("/run/sshd");
    if (!Files.isDirectory(privsep)) {
      Files.createDirectories(privsep);
    }
    Path hostKeyFile = dir.resolve("host_ed25519");
    Path clientKey = dir.resolve("client_ed25519");
    run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", hostKeyFile.toString());
    run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", clientKey.toString());
    Path authorized = dir.resolve("authorized_keys");
    Files.copy(Path.of(clientKey + ".pub"), authorized);
    int port = freePort();
    Path config = dir.resolve("sshd_config");
    Files.writeString(
        config,
        String.join(
            "\n",
            "Port " + port,
            "ListenAddress 127.0.0.1",
            "HostKey " + hostKeyFile,
            "PidFile " + dir.resolve("sshd.pid"),
            "AuthorizedKeysFile " + authorized,
            // The key files live in a test's temporary directory, not in a home sshd would check.
            "StrictModes no",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "UsePAM no",
            "PermitRootLogin prohibit-password",
            ""));
    Path log = dir.resolve("sshd.log");
    Process process =
        new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    String hostKey = Files.readString(Path.of(hostKeyFile + ".pub")).strip();
    SshServer server = new SshServer(process, port, clientKey, hostKey, log);
    server.awaitListening();
    return server;
  }

  private void awaitListening() throws Exception {
    long deadline = System.nanoTime() + START_LIMIT.toNanos();
    while (true) {
      assertThat(process.isAlive()).as("sshd exited: %s", Files.readString(log)).isTrue();
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 500);
        return;
      } catch (IOException notYet) {
        assertThat(System.nanoTime()).as("sshd did not listen in time").isLessThan(deadline);
        Thread.sleep(50);
      }
    }
  }

  public int port() {
    return port;
  }

  /** The private key that may log in, for {@code ssh -i}. */
  public Path clientKey() {
    return clientKey;
  }

  /** The server's public host key, {@code ssh-ed25519 AAAA…} (without a comment). */
  public String hostKey() {
    String[] parts = hostKey.split(" ", -1);
    return parts[0] + " " + parts[1];
  }

  /** A port nothing listens on (just closed), for a server that does not answer. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Runs a command to completion (bounded), failing the test if it fails. */
  public static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("%s did not finish", List.of(command)).isTrue();
    assertThat(p.exitValue()).as("%s: %s", List.of(command), out).isZero();
    return out;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
