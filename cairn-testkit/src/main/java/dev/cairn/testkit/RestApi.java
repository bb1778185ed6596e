package dev.cairn.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A test client of Cairn's REST API, speaking plain HTTP and JSON as any outside client would.
 * Calls that do not answer 2xx throw with the status and body.
 */
public final class RestApi {
  private static final Set<String> FINISHED = Set.of("passed", "failed", "canceled");

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper mapper = new ObjectMapper();
  private final String baseUrl;
  private final String token;

  public RestApi(String baseUrl, String token) {
    this.baseUrl = baseUrl;
    this.token = token;
  }

  /** A reply as received: status and body. */
  public record Reply(int status, String body) {}

  public Reply send(String method, String path, Object body) {
    try {
      HttpRequest.BodyPublisher publisher =
          body == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body));
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(baseUrl + path))
              .method(method, publisher)
              .header("Authorization", "Bearer " + token)
              .header("Content-Type", "application/json")
              .timeout(Duration.ofSeconds(30))
              .build();
      HttpResponse<String> response =
          http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Reply(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  public JsonNode json(String method, String path, Object body) {
    Reply reply = send(method, path, body);
    if (reply.status() / 100 != 2) {
      throw new IllegalStateException(
          method + " " + path + " -> " + reply.status() + " " + reply.body());
    }
    try {
      return mapper.readTree(reply.body());
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + reply.body(), e);
    }
  }

  /** Creates pipeline {@code slug} in organization {@code default} with these steps. */
  public JsonNode createPipeline(String slug, String stepsYaml) {
    return json(
        "POST",
        "/v2/organizations/default/pipelines",
        Map.of("name", slug, "slug", slug, "repository", "", "configuration", stepsYaml));
  }

  /** Creates a build of the pipeline and returns its number. */
  public long createBuild(String slug) {
    return json(
            "POST",
            "/v2/organizations/default/pipelines/" + slug + "/builds",
            Map.of("commit", "HEAD", "branch", "main", "message", "test"))
        .path("number")
        .asLong();
  }

  public String buildPath(String slug, long number) {
    return "/v2/organizations/default/pipelines/" + slug + "/builds/" + number;
  }

  public JsonNode build(String slug, long number) {
    return json("GET", buildPath(slug, number), null);
  }

  /** Polls the build until it is passed, failed or canceled, for at most {@code limit}. */
  public JsonNode awaitFinished(String slug, long number, Duration limit)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(limit);
    while (true) {
      JsonNode build = build(slug, number);
      if (FINISHED.contains(build.path("state").asText())) {
        return build;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("build did not finish within " + limit + ": " + build);
      }
      Thread.sleep(50);
    }
  }

  /** The raw log of a job, as stored. */
  public String log(String slug, long number, String jobId) {
    Reply reply = send("GET", buildPath(slug, number) + "/jobs/" + jobId + "/log.txt", null);
    if (reply.status() != 200) {
      throw new IllegalStateException(
          "log " + jobId + " -> " + reply.status() + " " + reply.body());
    }
    return reply.body();
  }
}
