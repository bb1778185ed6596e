package dev.cairn.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.server.ServerConfig;
import dev.cairn.server.wiring.CairnServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * A real Cairn server started in this process on a free port of 127.0.0.1, with the embedded
 * database in a fresh temporary directory that {@link #close} deletes, and the REST calls the
 * benchmarks need. Thread-safe.
 */
final class BenchServer implements AutoCloseable {
  private static final String ORG = "/v2/organizations/default";

  private final Path dir;
  private final CairnServer server;
  private final String registrationToken = "reg-" + UUID.randomUUID();
  private final String apiToken = "api-" + UUID.randomUUID();
  private final Api api;

  BenchServer() throws IOException {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    dir = Files.createTempDirectory("cairn-bench-");
    server =
        CairnServer.start(
            new ServerConfig(
                "127.0.0.1",
                0,
                dir.resolve("data"),
                Optional.of(registrationToken),
                Optional.of(apiToken),
                Optional.empty()));
    api = new Api(base());
  }

  String base() {
    return "http://127.0.0.1:" + server.port();
  }

  Path dir() {
    return dir;
  }

  Api api() {
    return api;
  }

  String registrationToken() {
    return registrationToken;
  }

  /** Creates a pipeline from {@code steps} YAML and returns its slug. */
  String pipeline(String name, String configuration) throws IOException, InterruptedException {
    JsonNode reply =
        api.post(
                ORG + "/pipelines",
                Api.bearer(apiToken),
                Map.of("name", name, "configuration", configuration))
            .ok()
            .json();
    return reply.get("slug").asText();
  }

  /** Creates a build of the pipeline on {@code main}; the reply is the build as JSON. */
  Api.Reply createBuild(String slug) throws IOException, InterruptedException {
    return api.post(
            ORG + "/pipelines/" + slug + "/builds",
            Api.bearer(apiToken),
            Map.of("branch", "main", "commit", "HEAD", "message", "bench"))
        .ok();
  }

  JsonNode build(String slug, long number) throws IOException, InterruptedException {
    return api.get(ORG + "/pipelines/" + slug + "/builds/" + number, Api.bearer(apiToken))
        .ok()
        .json();
  }

  /** The raw log of a job as stored so far (empty until its first chunk arrives). */
  String log(String slug, long number, String jobId) throws IOException, InterruptedException {
    return api.get(
            ORG + "/pipelines/" + slug + "/builds/" + number + "/jobs/" + jobId + "/log.txt",
            Api.bearer(apiToken))
        .body();
  }

  @Override
  public void close() {
    server.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
