package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.server.wiring.CairnServer;
import dev.cairn.store.Store;
import dev.cairn.store.StoreConfig;
import dev.cairn.testkit.HistoryReplay;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/**
 * A real server on 127.0.0.1 with its embedded database, and the HTTP calls the official agent
 * makes, in its wire shapes. Shared by the agent API tests.
 */
final class AgentHarness implements AutoCloseable {
  static final String REGISTRATION = "registration-token";
  static final String API = "api-token";

  final CairnServer server;
  private final Optional<StoreConfig> replayOnClose;
  final HttpClient http = HttpClient.newHttpClient();
  final ObjectMapper json = new ObjectMapper();

  AgentHarness(Path dataDir) {
    this(dataDir, config -> config);
  }

  /** A server whose configuration {@code tune} adjusts (a limit, say). */
  AgentHarness(Path dataDir, java.util.function.UnaryOperator<ServerConfig> tune) {
    this(
        tune.apply(config(dataDir)),
        InstantSource.system(),
        Optional.of(StoreConfig.embedded(dataDir)));
  }

  /**
   * A server on {@code config} whose time follows {@code clock}; {@link #close} replays the builds
   * of {@code replayOnClose} when given (with several servers on one database, replay once all are
   * closed instead, with {@link #replayAll}).
   */
  AgentHarness(ServerConfig config, InstantSource clock, Optional<StoreConfig> replayOnClose) {
    this.replayOnClose = replayOnClose;
    server = CairnServer.start(config, clock);
  }

  /** The configuration of a test server on 127.0.0.1, its embedded database in {@code dataDir}. */
  static ServerConfig config(Path dataDir) {
    return new ServerConfig(
        "127.0.0.1", 0, dataDir, Optional.of(REGISTRATION), Optional.of(API), Optional.empty());
  }

  /**
   * Stops the server, then replays every build it stored through the fold and the decider ({@link
   * HistoryReplay}), so every agent API test also proves its builds' histories replay.
   */
  @Override
  public void close() {
    server.close();
    replayOnClose.ifPresent(AgentHarness::replayAll);
  }

  /** Replays every build of the database of {@code config}; call it with every server stopped. */
  static void replayAll(StoreConfig config) {
    try (Store store = Store.open(config)) {
      for (String buildId :
          HistoryReplay.buildIds(config.jdbcUrl(), config.username(), config.password())) {
        HistoryReplay.verify(
            store.builds().history(buildId), store.builds().load(buildId).orElseThrow());
      }
    }
  }

  String base() {
    return "http://127.0.0.1:" + server.port();
  }

  /** A running job: its ids and the tokens that act for it. */
  record Running(
      long buildNumber, String buildId, String jobId, String jobToken, String agentToken) {}

  /** Creates a build of {@code steps} and runs its first job up to started. */
  Running startJob(String steps) throws Exception {
    long build = createBuild(steps);
    String agentToken = register("agent-%hostname", "host", false).path("access_token").asText();
    String jobId = body(call("GET", "/v3/ping", agentToken, null)).path("job").path("id").asText();
    JsonNode job = body(call("PUT", "/v3/jobs/" + jobId + "/accept", agentToken, ""));
    String jobToken = job.path("token").asText();
    assertThat(
            call(
                    "PUT",
                    "/v3/jobs/" + jobId + "/start",
                    jobToken,
                    "{\"started_at\":\"2026-11-28T00:00:00Z\"}")
                .statusCode())
        .isEqualTo(200);
    return new Running(
        build, job.path("env").path("BUILDKITE_BUILD_ID").asText(), jobId, jobToken, agentToken);
  }

  HttpResponse<String> finish(Running job, String exitStatus) throws Exception {
    return call(
        "PUT",
        "/v3/jobs/" + job.jobId() + "/finish",
        job.jobToken(),
        "{\"exit_status\":\"" + exitStatus + "\",\"chunks_failed_count\":0}");
  }

  /** The slug of the pipeline {@link #createBuild} makes for {@code steps}. */
  static String slugOf(String steps) {
    return "p" + Integer.toHexString(steps.hashCode());
  }

  long createBuild(String steps) {
    String slug = slugOf(steps);
    if (rest("GET", "/v2/organizations/default/pipelines/" + slug, null) == null) {
      rest(
          "POST",
          "/v2/organizations/default/pipelines",
          Map.of("name", slug, "slug", slug, "configuration", steps));
    }
    return rest(
            "POST",
            "/v2/organizations/default/pipelines/" + slug + "/builds",
            Map.of("branch", "main"))
        .path("number")
        .asLong();
  }

  JsonNode register(String name, String hostname, boolean ignoreInDispatches) throws Exception {
    String body =
        json.writeValueAsString(
            Map.of(
                "name",
                name,
                "hostname",
                hostname,
                "ignore_in_dispatches",
                ignoreInDispatches,
                "meta_data",
                List.of("queue=default")));
    return body(call("POST", "/v3/register", REGISTRATION, body));
  }

  HttpResponse<String> chunk(String jobId, String token, int sequence, long offset, byte[] raw)
      throws Exception {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(raw);
    }
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    base()
                        + "/v3/jobs/"
                        + jobId
                        + "/chunks?sequence="
                        + sequence
                        + "&offset="
                        + offset
                        + "&size="
                        + raw.length))
            .header("Authorization", "Token " + token)
            .header("Content-Type", "text/plain")
            .header("Content-Encoding", "gzip")
            .POST(HttpRequest.BodyPublishers.ofByteArray(gz.toByteArray()))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  JsonNode rest(String method, String path, Object body) {
    try {
      HttpResponse<String> reply = restCall(method, path, body);
      return reply.statusCode() == 404 ? null : json.readTree(reply.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  HttpResponse<String> restCall(String method, String path, Object body) {
    try {
      String text = body == null ? null : json.writeValueAsString(body);
      return http.send(
          request(method, path, API, text).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<String> call(String method, String path, String token, String body)
      throws Exception {
    return http.send(
        request(method, path, token, body).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpRequest.Builder request(String method, String path, String token, String body) {
    return HttpRequest.newBuilder(URI.create(base() + path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Token " + token)
        .header("Content-Type", "application/json")
        .method(
            method,
            body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
  }

  JsonNode body(HttpResponse<String> reply) throws IOException {
    assertThat(reply.statusCode()).as(reply.body()).isBetween(200, 201);
    return json.readTree(reply.body());
  }
}
