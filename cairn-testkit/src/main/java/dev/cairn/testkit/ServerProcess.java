package dev.cairn.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code cairn server} as a child process on a port of 127.0.0.1, with its embedded database in
 * {@code dataDir} and fixed tokens. The factory methods return once the REST API answers. A server
 * that was killed can be {@linkplain #restart() restarted} on the same port and data directory, so
 * agents started against it reconnect by themselves.
 */
public final class ServerProcess extends CairnProcess {
  public static final String REGISTRATION_TOKEN = "test-registration-token";
  public static final String API_TOKEN = "test-api-token";

  private final int port;
  private final Path dataDir;

  private ServerProcess(int port, Path dataDir) {
    super(
        List.of("server", "--listen", "127.0.0.1:" + port, "--data-dir", dataDir.toString()),
        Map.of("CAIRN_AGENT_REGISTRATION_TOKEN", REGISTRATION_TOKEN, "CAIRN_API_TOKEN", API_TOKEN),
        dataDir.resolveSibling(dataDir.getFileName() + "-server.log"));
    this.port = port;
    this.dataDir = dataDir;
  }

  /** Starts a server on a free port and waits (at most 60 s) until it answers. */
  public static ServerProcess start(Path dataDir) throws InterruptedException {
    return start(dataDir, FreePort.find());
  }

  /** Starts a server on {@code port} and waits (at most 60 s) until it answers. */
  public static ServerProcess start(Path dataDir, int port) throws InterruptedException {
    ServerProcess server = new ServerProcess(port, dataDir);
    try {
      server.awaitReady(Duration.ofSeconds(60));
    } catch (RuntimeException | InterruptedException e) {
      server.kill();
      throw e;
    }
    return server;
  }

  /**
   * Starts a new server process on this one's port and data directory, as an operator would after a
   * crash, and waits until it answers. This process must have exited (see {@link #kill()}).
   */
  public ServerProcess restart() throws InterruptedException {
    if (isAlive()) {
      throw new IllegalStateException("server " + pid() + " is still running; kill it first");
    }
    return start(dataDir, port);
  }

  private void awaitReady(Duration limit) throws InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    Instant deadline = Instant.now().plus(limit);
    while (Instant.now().isBefore(deadline)) {
      if (!isAlive()) {
        throw new IllegalStateException("cairn server exited early:\n" + output());
      }
      try {
        HttpRequest ping =
            HttpRequest.newBuilder(URI.create(baseUrl() + "/v2/organizations/default"))
                .header("Authorization", "Bearer " + API_TOKEN)
                .timeout(Duration.ofSeconds(2))
                .build();
        if (http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(
        "cairn server did not answer within " + limit + ":\n" + output());
  }

  public int port() {
    return port;
  }

  public Path dataDir() {
    return dataDir;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public String agentEndpoint() {
    return baseUrl() + "/v3";
  }

  public RestApi api() {
    return new RestApi(baseUrl(), API_TOKEN);
  }
}
