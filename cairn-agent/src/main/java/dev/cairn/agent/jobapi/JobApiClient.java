package dev.cairn.agent.jobapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Calls the job API from inside the job: {@code BUILDKITE_AGENT_JOB_API_SOCKET} and {@code
 * BUILDKITE_AGENT_JOB_API_TOKEN} say where and with what. Each call is one connection, closed after
 * {@link #TIMEOUT} if the agent has not answered, so a command never hangs on a stuck agent.
 */
public final class JobApiClient {
  public static final String SOCKET = "BUILDKITE_AGENT_JOB_API_SOCKET";
  public static final String TOKEN = "BUILDKITE_AGENT_JOB_API_TOKEN";
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Path socket;
  private final String token;

  public JobApiClient(Path socket, String token) {
    this.socket = socket;
    this.token = token;
  }

  /**
   * The client for the job whose environment is {@code env}.
   *
   * @throws IllegalStateException naming the missing variable when not run inside a job
   */
  public static JobApiClient fromEnvironment(Map<String, String> env) {
    String socket = env.get(SOCKET);
    String token = env.get(TOKEN);
    if (socket == null || socket.isBlank()) {
      throw new IllegalStateException(
          SOCKET + " is not set: the job API is only available inside a job's hooks and command");
    }
    if (token == null || token.isBlank()) {
      throw new IllegalStateException(TOKEN + " is not set");
    }
    return new JobApiClient(Path.of(socket), token);
  }

  /**
   * Sends {@code method route} with the JSON {@code body} (null for none) and returns the reply.
   *
   * @throws IOException if the agent cannot be reached or answers garbage
   */
  public UnixHttp.Response call(String method, String route, String body)
      throws IOException, InterruptedException {
    UnixHttp.Request request =
        new UnixHttp.Request(
            method,
            JobApiServer.PREFIX + route,
            Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json"),
            body == null ? "" : body);
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      Thread watchdog =
          Thread.ofVirtual()
              .start(() -> {
                try {
                  Thread.sleep(TIMEOUT);
                  channel.close();
                } catch (InterruptedException | IOException e) {
                  // Answered in time (interrupted) or already closed.
                }
              });
      try {
        channel.connect(UnixDomainSocketAddress.of(socket));
        OutputStream out = Channels.newOutputStream(channel);
        UnixHttp.writeRequest(out, request);
        InputStream in = Channels.newInputStream(channel);
        return UnixHttp.readResponse(in);
      } catch (IOException e) {
        if (!watchdog.isAlive()) {
          throw new IOException(
              "the job API did not answer within " + TIMEOUT.toSeconds() + " s", e);
        }
        throw new IOException("cannot reach the job API at " + socket + ": " + e.getMessage(), e);
      } finally {
        watchdog.interrupt();
      }
    }
  }
}
