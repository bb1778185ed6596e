package dev.cairn.server.agentapi;

import dev.cairn.core.artifact.Artifact;
import dev.cairn.core.orchestrate.Artifacts;
import dev.cairn.core.orchestrate.Result;
import dev.cairn.server.http.BadRequestException;
import dev.cairn.server.http.MultipartForm;
import dev.cairn.server.http.Replies;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The bytes of artifacts, behind signed tokens instead of the {@code Authorization} header (as the
 * agent's form uploader and plain downloader expect): {@code POST /v3/artifacts/{id}/upload} and
 * {@code POST /v3/artifact_batches/{batch}/upload} take the multipart form of the upload
 * instructions (the token and, for a batch, the path in the fields; the file in the {@value
 * ArtifactHandler#FILE_FIELD} field, last); {@code GET /v3/artifacts/{id}/download?token=} streams
 * the file back.
 */
final class ArtifactFileHandler {
  private final Artifacts artifacts;
  private final ArtifactLinks links;

  ArtifactFileHandler(Artifacts artifacts, ArtifactLinks links) {
    this.artifacts = artifacts;
    this.links = links;
  }

  void uploadOne(ServerRequest req, ServerResponse res) throws IOException {
    String id = req.path().pathParameters().get("id");
    upload(req, res, fields -> check(res, "upload", id, fields).flatMap(ok -> known(res, id)));
  }

  void uploadInBatch(ServerRequest req, ServerResponse res) throws IOException {
    String batch = req.path().pathParameters().get("batch");
    upload(
        req,
        res,
        fields ->
            check(res, "upload", batch, fields)
                .flatMap(ok -> {
                  Optional<Artifact> artifact =
                      artifacts.inBatch(batch, fields.getOrDefault("path", ""));
                  if (artifact.isEmpty()) {
                    Replies.error(res, Status.NOT_FOUND_404, "the batch has no such artifact");
                  }
                  return artifact;
                }));
  }

  private interface Resolver {
    Optional<Artifact> resolve(Map<String, String> fields);
  }

  private void upload(ServerRequest req, ServerResponse res, Resolver resolver) throws IOException {
    String type = req.headers().first(HeaderNames.CONTENT_TYPE).orElse(null);
    try (InputStream body = req.content().inputStream()) {
      MultipartForm form =
          MultipartForm.of(type, body)
              .orElseThrow(() -> new BadRequestException("an upload is a multipart form"));
      Map<String, String> fields = new HashMap<>();
      while (true) {
        Optional<MultipartForm.Part> part = form.next();
        if (part.isEmpty()) {
          throw new BadRequestException("the form has no " + ArtifactHandler.FILE_FIELD + " field");
        }
        if (!part.get().name().equals(ArtifactHandler.FILE_FIELD)) {
          fields.put(part.get().name(), part.get().text());
          continue;
        }
        Optional<Artifact> artifact = resolver.resolve(fields);
        if (artifact.isEmpty()) {
          return;
        }
        store(res, artifact.get(), part.get().content());
        return;
      }
    } catch (UncheckedIOException e) {
      throw new BadRequestException("the upload could not be read: " + e.getMessage());
    }
  }

  private void store(ServerResponse res, Artifact artifact, InputStream content) {
    Result<Artifact> stored;
    try {
      stored = artifacts.upload(artifact, content);
    } catch (IOException e) {
      Replies.error(res, Status.BAD_REQUEST_400, "the upload failed: " + e.getMessage());
      return;
    }
    switch (stored) {
      case Result.Done<Artifact> d ->
          Replies.json(res, Status.CREATED_201, Map.of("id", artifact.id()));
      case Result.NotFound<Artifact> n -> Replies.error(res, Status.NOT_FOUND_404, "no artifact");
      case Result.Refused<Artifact> r ->
          Replies.error(res, Status.UNPROCESSABLE_CONTENT_422, r.reason());
    }
  }

  void download(ServerRequest req, ServerResponse res) throws IOException {
    String id = req.path().pathParameters().get("id");
    Optional<String> problem = links.check("download", id, req.query().first("token").orElse(null));
    if (problem.isPresent()) {
      Replies.error(res, Status.FORBIDDEN_403, problem.get());
      return;
    }
    Optional<Artifact> artifact = known(res, id);
    if (artifact.isEmpty()) {
      return;
    }
    try (InputStream in = artifacts.open(artifact.get())) {
      res.header(HeaderNames.CONTENT_TYPE, artifact.get().contentType());
      res.contentLength(artifact.get().fileSize());
      try (OutputStream out = res.outputStream()) {
        in.transferTo(out);
      }
    } catch (NoSuchFileException e) {
      Replies.error(res, Status.NOT_FOUND_404, "artifact " + id + " was never uploaded");
    }
  }

  private Optional<Boolean> check(
      ServerResponse res, String purpose, String subject, Map<String, String> fields) {
    Optional<String> problem = links.check(purpose, subject, fields.get("token"));
    if (problem.isPresent()) {
      Replies.error(res, Status.FORBIDDEN_403, problem.get());
      return Optional.empty();
    }
    return Optional.of(true);
  }

  private Optional<Artifact> known(ServerResponse res, String id) {
    Optional<Artifact> artifact = artifacts.find(id);
    if (artifact.isEmpty()) {
      Replies.error(res, Status.NOT_FOUND_404, "no artifact " + id);
    }
    return artifact;
  }
}
