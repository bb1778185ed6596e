package dev.cairn.server.agentapi;

import dev.cairn.core.artifact.Artifact;
import dev.cairn.core.artifact.ArtifactState;
import dev.cairn.core.orchestrate.Artifacts;
import dev.cairn.core.orchestrate.Result;
import dev.cairn.server.http.BadRequestException;
import dev.cairn.server.http.Replies;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code buildkite-agent artifact}: batch create ({@code POST jobs/{id}/artifacts}), state updates
 * ({@code PUT jobs/{id}/artifacts}) and search ({@code GET builds/{id}/artifacts/search}). Created
 * artifacts come with form-POST upload instructions pointing at Cairn's own upload endpoint ({@link
 * ArtifactFileHandler}), authorised by a signed token in the form data; searches return signed
 * download links.
 */
final class ArtifactHandler {
  /** The form field the file goes in, as {@code action.file_input} tells the agent. */
  static final String FILE_FIELD = "file";

  private final Artifacts artifacts;
  private final JobAccess access;
  private final ArtifactLinks links;

  ArtifactHandler(Artifacts artifacts, JobAccess access, ArtifactLinks links) {
    this.artifacts = artifacts;
    this.access = access;
    this.links = links;
  }

  record NewArtifact(
      String id,
      String path,
      String absolutePath,
      String globPath,
      Long fileSize,
      String sha1sum,
      String sha256sum,
      String contentType) {}

  record Batch(
      String id,
      List<NewArtifact> artifacts,
      String uploadDestination,
      Boolean multipartSupported) {}

  record StateChange(String id, String state) {}

  record StateChanges(List<StateChange> artifacts) {}

  void create(ServerRequest req, ServerResponse res) {
    var held = access.running(req, res);
    if (held.isEmpty()) {
      return;
    }
    Batch batch = Replies.body(req, Batch.class, null);
    if (batch == null || batch.artifacts() == null || batch.artifacts().isEmpty()) {
      throw new BadRequestException("an artifact batch needs artifacts");
    }
    String batchId =
        batch.id() == null || batch.id().isBlank() ? UUID.randomUUID().toString() : batch.id();
    List<Artifacts.NewArtifact> items =
        batch.artifacts().stream()
            .map(a ->
                new Artifacts.NewArtifact(
                    a.path(),
                    a.fileSize() == null ? 0 : a.fileSize(),
                    a.sha1sum(),
                    a.sha256sum(),
                    a.contentType()))
            .toList();
    var created =
        artifacts.create(
            held.get().build().id(),
            held.get().job().id(),
            batchId,
            batch.uploadDestination(),
            items);
    switch (created) {
      case Result.Done<List<Artifact>> d ->
          Replies.json(res, Status.CREATED_201, reply(batchId, d.value()));
      case Result.NotFound<List<Artifact>> n -> Replies.error(res, Status.NOT_FOUND_404, "no job");
      case Result.Refused<List<Artifact>> r ->
          Replies.error(res, Status.UNPROCESSABLE_CONTENT_422, r.reason());
    }
  }

  private Map<String, Object> reply(String batchId, List<Artifact> created) {
    Map<String, Object> perArtifact = new LinkedHashMap<>();
    for (Artifact artifact : created) {
      perArtifact.put(
          artifact.id(),
          instructions(
              "/v3/artifacts/" + artifact.id() + "/upload",
              Map.of("token", links.sign("upload", artifact.id()))));
    }
    Map<String, Object> reply = new LinkedHashMap<>();
    reply.put("id", batchId);
    reply.put("artifact_ids", created.stream().map(Artifact::id).toList());
    // Agents that predate per-artifact instructions use the template, which names the artifact
    // by its batch and path.
    reply.put(
        "upload_instructions",
        instructions(
            "/v3/artifact_batches/" + batchId + "/upload",
            Map.of("token", links.sign("upload", batchId), "path", "${artifact:path}")));
    reply.put("per_artifact_instructions", perArtifact);
    return reply;
  }

  private Map<String, Object> instructions(String path, Map<String, String> data) {
    Map<String, Object> action = new LinkedHashMap<>();
    action.put("url", links.baseUrl());
    action.put("method", "POST");
    action.put("path", path);
    action.put("file_input", FILE_FIELD);
    return Map.of("action", action, "data", data);
  }

  void update(ServerRequest req, ServerResponse res) {
    var held = access.running(req, res);
    if (held.isEmpty()) {
      return;
    }
    StateChanges body = Replies.body(req, StateChanges.class, new StateChanges(List.of()));
    Map<String, String> states = new LinkedHashMap<>();
    for (StateChange change :
        body.artifacts() == null ? List.<StateChange>of() : body.artifacts()) {
      if (change.id() == null) {
        throw new BadRequestException("every artifact state change needs an id");
      }
      states.put(change.id(), change.state());
    }
    switch (artifacts.setStates(held.get().job().id(), states)) {
      case Result.Done<Integer> d -> Replies.ok(res, Map.of());
      case Result.NotFound<Integer> n -> Replies.error(res, Status.NOT_FOUND_404, "no job");
      case Result.Refused<Integer> r ->
          Replies.error(res, Status.UNPROCESSABLE_CONTENT_422, r.reason());
    }
  }

  void search(ServerRequest req, ServerResponse res) {
    var held = access.build(req, res, req.path().pathParameters().get("id"));
    if (held.isEmpty()) {
      return;
    }
    var query = req.query();
    Optional<ArtifactState> state =
        query
            .first("state")
            .asOptional()
            .filter(s -> !s.isBlank())
            .map(s ->
                ArtifactState.of(s)
                    .orElseThrow(() -> new BadRequestException("unknown artifact state " + s)));
    var search =
        new Artifacts.Search(
            query.first("query").orElse(""),
            query.first("scope").orElse(""),
            state,
            query.first("include_duplicates").map(Boolean::parseBoolean).orElse(false));
    Replies.ok(
        res, artifacts.search(held.get().build(), search).stream().map(this::describe).toList());
  }

  private Map<String, Object> describe(Artifact a) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", a.id());
    json.put("job_id", a.jobId());
    json.put("path", a.path());
    json.put("state", a.state().apiName());
    json.put("file_size", a.fileSize());
    json.put("sha1sum", a.sha1());
    json.put("sha256sum", a.sha256());
    json.put("content_type", a.contentType());
    json.put("upload_destination", a.uploadDestination());
    json.put("created_at", a.createdAt().toString());
    json.put(
        "url",
        a.uploadDestination().isEmpty()
            ? links.baseUrl()
                + "/v3/artifacts/"
                + a.id()
                + "/download?token="
                + URLEncoder.encode(links.sign("download", a.id()), StandardCharsets.UTF_8)
            : a.uploadDestination().replaceAll("/+$", "") + "/" + a.path());
    return json;
  }
}
