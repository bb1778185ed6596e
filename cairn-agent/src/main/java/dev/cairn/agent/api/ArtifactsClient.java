package dev.cairn.agent.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Artifacts (spec §4.2): batch create ({@code POST jobs/{id}/artifacts}), state reports ({@code PUT
 * jobs/{id}/artifacts}), search ({@code GET builds/{id}/artifacts/search}), and the transfers of
 * the bytes themselves — a multipart form POST as the upload instructions describe, and a plain GET
 * of a search result's signed {@code url}. Transfers have a long bound instead of the API's 60 s.
 * Bound to the job token. One attempt per call. Thread-safe.
 */
public final class ArtifactsClient {
  /** The bound on one file transfer. */
  static final Duration TRANSFER_TIMEOUT = Duration.ofHours(2);

  private final ApiTransport transport;
  private final String token;

  public ArtifactsClient(ApiTransport transport, String token) {
    this.transport = transport;
    this.token = token;
  }

  /** One file of a batch, as the create call sends it. */
  public record NewArtifact(
      String path,
      String absolutePath,
      String globPath,
      long fileSize,
      String sha1sum,
      String sha256sum,
      String contentType) {}

  record Batch(
      String id,
      List<NewArtifact> artifacts,
      String uploadDestination,
      boolean multipartSupported) {}

  /**
   * Creates a batch and returns the server's reply: {@code artifact_ids} in the order sent and
   * upload instructions, per artifact and as a template.
   */
  public JsonNode create(String jobId, List<NewArtifact> artifacts)
      throws AgentApiException, InterruptedException {
    Batch batch = new Batch(UUID.randomUUID().toString(), artifacts, null, false);
    return transport.json(
        "POST", job(jobId) + "/artifacts", token, batch, JsonNode.class, TRANSFER_TIMEOUT);
  }

  record StateChange(String id, String state) {}

  record StateChanges(List<StateChange> artifacts) {}

  /** Reports {@code finished} or {@code error} for each artifact id. */
  public void reportStates(String jobId, Map<String, String> states)
      throws AgentApiException, InterruptedException {
    List<StateChange> changes = new ArrayList<>();
    states.forEach((id, state) -> changes.add(new StateChange(id, state)));
    transport.json(
        "PUT",
        job(jobId) + "/artifacts",
        token,
        new StateChanges(changes),
        Void.class,
        ApiTransport.DEFAULT_TIMEOUT);
  }

  /** Finished artifacts of the build matching {@code query}, optionally within a step or job. */
  public List<JsonNode> search(String buildId, String query, String scope)
      throws AgentApiException, InterruptedException {
    String path =
        "builds/%s/artifacts/search?query=%s&scope=%s&state=finished"
            .formatted(
                ApiTransport.escape(buildId),
                JobResourcesClient.query(query),
                JobResourcesClient.query(scope));
    JsonNode reply =
        transport.json("GET", path, token, null, JsonNode.class, ApiTransport.DEFAULT_TIMEOUT);
    List<JsonNode> found = new ArrayList<>();
    reply.forEach(found::add);
    return found;
  }

  /**
   * Uploads {@code file} as the form the instructions describe: {@code action.url} joined with
   * {@code action.path}, the {@code data} fields (with {@code ${artifact:path}} replaced), then the
   * file in the field {@code action.file_input}.
   */
  public void upload(JsonNode instructions, String artifactPath, Path file)
      throws AgentApiException, InterruptedException, IOException {
    JsonNode action = instructions.path("action");
    String url =
        action.path("url").asText("").replaceAll("/+$", "")
            + action.path("path").asText("").replace("${artifact:path}", artifactPath);
    String call = action.path("method").asText("POST") + " " + action.path("path").asText("");
    MultipartBody form = new MultipartBody();
    instructions
        .path("data")
        .properties()
        .forEach(e ->
            form.field(
                e.getKey(), e.getValue().asText().replace("${artifact:path}", artifactPath)));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(TRANSFER_TIMEOUT)
            .header("User-Agent", ApiTransport.USER_AGENT)
            .header("Content-Type", form.contentType())
            .method(
                action.path("method").asText("POST"),
                form.withFile(action.path("file_input").asText("file"), artifactPath, file))
            .build();
    send(call, request, BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** Downloads {@code url} (a search result's signed link) into {@code target}. */
  public void download(String url, Path target) throws AgentApiException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(TRANSFER_TIMEOUT)
            .header("User-Agent", ApiTransport.USER_AGENT)
            .GET()
            .build();
    send(
        "GET artifact",
        request,
        BodyHandlers.ofFile(
            target,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE));
  }

  private <T> void send(String call, HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws AgentApiException, InterruptedException {
    HttpResponse<T> response;
    try {
      response = transport.transfers().send(request, handler);
    } catch (IOException e) {
      throw AgentApiException.network(call, e);
    }
    if (response.statusCode() / 100 != 2) {
      throw AgentApiException.status(call, response.statusCode(), "");
    }
  }

  private static String job(String jobId) {
    return "jobs/" + ApiTransport.escape(jobId);
  }

  /** A {@code multipart/form-data} body whose file part is streamed from disk. */
  private static final class MultipartBody {
    private final String boundary = "cairn-" + UUID.randomUUID();
    private final StringBuilder fields = new StringBuilder();

    String contentType() {
      return "multipart/form-data; boundary=" + boundary;
    }

    void field(String name, String value) {
      fields.append("--").append(boundary).append("\r\n");
      fields
          .append("Content-Disposition: form-data; name=\"")
          .append(quote(name))
          .append("\"\r\n\r\n");
      fields.append(value).append("\r\n");
    }

    HttpRequest.BodyPublisher withFile(String name, String fileName, Path file) throws IOException {
      String head =
          fields
              + "--"
              + boundary
              + "\r\nContent-Disposition: form-data; name=\""
              + quote(name)
              + "\"; filename=\""
              + quote(fileName)
              + "\"\r\nContent-Type: application/octet-stream\r\n\r\n";
      String tail = "\r\n--" + boundary + "--\r\n";
      return BodyPublishers.concat(
          BodyPublishers.ofByteArray(head.getBytes(StandardCharsets.UTF_8)),
          BodyPublishers.ofFile(file),
          BodyPublishers.ofByteArray(tail.getBytes(StandardCharsets.UTF_8)));
    }

    private static String quote(String text) {
      return text.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
    }
  }
}
