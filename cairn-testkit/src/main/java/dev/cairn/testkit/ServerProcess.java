package dev.cairn.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code cairn server} as a child process on a port of 127.0.0.1, with its embedded database in
 * {@code dataDir} (or a PostgreSQL {@link TestDatabase}, see {@link #startOn}) and fixed tokens.
 * The factory methods return once the REST API answers. A server that was killed can be {@linkplain
 * #restart() restarted} on the same port, data directory and database, so agents started against it
 * reconnect by themselves.
 */
public final class ServerProcess extends CairnProcess {
  public static final String REGISTRATION_TOKEN = "test-registration-token";
  public static final String API_TOKEN = "test-api-token";

  private static boolean warmedUp;

  private final int port;
  private final Path dataDir;
  private final Optional<TestDatabase> database;
  private final String name;

  private ServerProcess(int port, Path dataDir, Optional<TestDatabase> database, String name) {
    super(
        List.of("server", "--listen", "127.0.0.1:" + port, "--data-dir", dataDir.toString()),
        environment(database),
        dataDir.resolveSibling(dataDir.getFileName() + name + "-server.log"));
    this.port = port;
    this.dataDir = dataDir;
    this.database = database;
    this.name = name;
  }

  private static Map<String, String> environment(Optional<TestDatabase> database) {
    Map<String, String> env = new HashMap<>();
    env.put("CAIRN_AGENT_REGISTRATION_TOKEN", REGISTRATION_TOKEN);
    env.put("CAIRN_API_TOKEN", API_TOKEN);
    database
        .filter(TestDatabase::isPostgres)
        .ifPresent(db -> {
          env.put("CAIRN_DATABASE_URL", db.jdbcUrl());
          env.put("CAIRN_DATABASE_USER", db.username());
          env.put("CAIRN_DATABASE_PASSWORD", db.password());
        });
    return env;
  }

  /** Starts a server on a free port and waits (at most 60 s) until it answers. */
  public static ServerProcess start(Path dataDir) throws InterruptedException {
    return start(dataDir, FreePort.find());
  }

  /** Starts a server on {@code port} and waits (at most 60 s) until it answers. */
  public static ServerProcess start(Path dataDir, int port) throws InterruptedException {
    return start(new ServerProcess(port, dataDir, Optional.empty(), ""));
  }

  /**
   * Starts a server on a free port on {@code database} (a PostgreSQL one may be shared by several
   * servers, which then share {@code dataDir} too, as replicas share a volume) and waits until it
   * answers. Its output goes to {@code <dataDir>-<name>-server.log}.
   */
  public static ServerProcess startOn(TestDatabase database, Path dataDir, String name)
      throws InterruptedException {
    return start(new ServerProcess(FreePort.find(), dataDir, Optional.of(database), "-" + name));
  }

  private static ServerProcess start(ServerProcess server) throws InterruptedException {
    warmUpOnce();
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
    return start(new ServerProcess(port, dataDir, database, name));
  }

  /**
   * Starts and stops one server on a scratch directory when this class path has no class-data
   * archive yet, so that the archive exists before any test server starts (see {@link
   * StartupOptions}; a test server killed with SIGKILL would write none). Best effort: a failure
   * only means slower starts.
   */
  private static synchronized void warmUpOnce() throws InterruptedException {
    if (warmedUp || !StartupOptions.archiveMissing()) {
      return;
    }
    warmedUp = true;
    try {
      Path scratch = java.nio.file.Files.createTempDirectory("cairn-warm-up-");
      ServerProcess warm =
          new ServerProcess(FreePort.find(), scratch.resolve("data"), Optional.empty(), "");
      try {
        warm.awaitReady(Duration.ofSeconds(60));
      } finally {
        warm.close();
      }
      DatabaseExtension.release(TestDatabase.sqlite(scratch));
    } catch (IOException | RuntimeException e) {
      System.err.println("cairn test kit: no class-data archive made: " + e);
    }
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
