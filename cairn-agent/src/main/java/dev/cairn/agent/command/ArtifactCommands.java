package dev.cairn.agent.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.agent.api.AgentApiException;
import dev.cairn.agent.api.ArtifactsClient;
import dev.cairn.agent.api.ArtifactsClient.NewArtifact;
import dev.cairn.agent.api.Retrier;
import dev.cairn.agent.api.RetryPolicy;
import dev.cairn.agent.api.Timing;
import java.io.IOException;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code artifact upload|download|search|shasum} (spec §4.2). Upload resolves the globs, creates
 * the artifacts in batches of {@value #BATCH_SIZE}, sends each file as the form its instructions
 * describe and reports every artifact {@code finished} or {@code error}; download fetches each
 * match's signed URL and checks its SHA-256 (SHA-1 when the server has no SHA-256).
 */
public final class ArtifactCommands {
  static final int BATCH_SIZE = 30;
  private static final String DEFAULT_FORMAT = "%j %p %c\n";

  private final JobScope scope;
  private final CommandIo io;
  private final ArtifactsClient client;
  private final Retrier retrier = new Retrier(Timing.system());

  public ArtifactCommands(JobScope scope, CommandIo io) {
    this.scope = scope;
    this.io = io;
    this.client = new ArtifactsClient(scope.transport(), scope.token());
  }

  /** Uploads the files matching {@code globs} ({@code ;}-separated). */
  public int upload(String globs, String destination)
      throws CommandException, InterruptedException {
    if (destination != null && !destination.isBlank()) {
      throw CommandException.usage(
          "artifact upload: custom destinations ("
              + destination
              + ") are not supported; "
              + "artifacts are stored by the server");
    }
    List<ArtifactGlob.Match> matches = ArtifactGlob.resolve(globs, io.workingDir());
    if (matches.isEmpty()) {
      io.err().println("artifact upload: no files matched " + globs);
      return 0;
    }
    int failed = 0;
    for (int from = 0; from < matches.size(); from += BATCH_SIZE) {
      failed += uploadBatch(matches.subList(from, Math.min(matches.size(), from + BATCH_SIZE)));
    }
    if (failed > 0) {
      throw CommandException.failed("artifact upload: " + failed + " file(s) failed", null);
    }
    return 0;
  }

  private int uploadBatch(List<ArtifactGlob.Match> batch)
      throws CommandException, InterruptedException {
    List<NewArtifact> artifacts = new ArrayList<>();
    for (ArtifactGlob.Match match : batch) {
      artifacts.add(describe(match));
    }
    JsonNode created =
        call("upload", RetryPolicy.ARTIFACT_BATCH, () -> client.create(scope.jobId(), artifacts));
    JsonNode ids = created.path("artifact_ids");
    if (ids.size() != batch.size()) {
      throw CommandException.failed(
          "artifact upload: the server created " + ids.size() + " of " + batch.size(), null);
    }
    Map<String, String> states = new LinkedHashMap<>();
    for (int i = 0; i < batch.size(); i++) {
      String id = ids.get(i).asText();
      states.put(id, send(created, id, batch.get(i)) ? "finished" : "error");
    }
    call(
        "upload",
        RetryPolicy.ARTIFACT_BATCH,
        () -> {
          client.reportStates(scope.jobId(), states);
          return null;
        });
    return (int) states.values().stream().filter("error"::equals).count();
  }

  private boolean send(JsonNode created, String id, ArtifactGlob.Match match)
      throws InterruptedException {
    JsonNode instructions = created.path("per_artifact_instructions").path(id);
    if (instructions.isMissingNode() || instructions.isNull()) {
      instructions = created.path("upload_instructions");
    }
    JsonNode chosen = instructions;
    try {
      retrier.call(
          RetryPolicy.ARTIFACT_BATCH,
          () -> {
            try {
              client.upload(chosen, match.artifactPath(), match.file());
            } catch (IOException e) {
              throw AgentApiException.network("upload " + match.artifactPath(), e);
            }
            return null;
          });
      io.err().println("artifact upload: uploaded " + match.artifactPath());
      return true;
    } catch (AgentApiException e) {
      io.err().println("artifact upload: " + match.artifactPath() + ": " + e.getMessage());
      return false;
    }
  }

  private static NewArtifact describe(ArtifactGlob.Match match) throws CommandException {
    FileDigest digest;
    try {
      digest = FileDigest.of(match.file());
    } catch (IOException e) {
      throw CommandException.failed("artifact upload: cannot read " + match.file(), e);
    }
    return new NewArtifact(
        match.artifactPath(),
        match.file().toString(),
        match.glob(),
        digest.size(),
        digest.sha1(),
        digest.sha256(),
        contentType(match.file()));
  }

  static String contentType(Path file) {
    String guessed = URLConnection.guessContentTypeFromName(file.getFileName().toString());
    return guessed == null ? "binary/octet-stream" : guessed;
  }

  /** Downloads every artifact matching {@code query} under {@code destination}. */
  public int download(String query, String destination, String step, String build)
      throws CommandException, InterruptedException {
    List<JsonNode> found = search(query, step, build);
    if (found.isEmpty()) {
      throw CommandException.failed("artifact download: no artifacts match " + query, null);
    }
    Path root = io.workingDir().resolve(destination == null ? "." : destination).normalize();
    for (JsonNode artifact : found) {
      fetch(artifact, root);
    }
    return 0;
  }

  private void fetch(JsonNode artifact, Path root) throws CommandException, InterruptedException {
    String path = artifact.path("path").asText();
    Path target = root.resolve(path).normalize();
    if (!target.startsWith(root)) {
      throw CommandException.failed("artifact download: refusing path " + path, null);
    }
    try {
      Files.createDirectories(target.getParent());
    } catch (IOException e) {
      throw CommandException.failed("artifact download: cannot create " + target.getParent(), e);
    }
    String url = artifact.path("url").asText();
    call(
        "download",
        RetryPolicy.ARTIFACT_BATCH,
        () -> {
          client.download(url, target);
          return null;
        });
    verify(artifact, target);
    io.err().println("artifact download: " + path + " -> " + target);
  }

  private static void verify(JsonNode artifact, Path target) throws CommandException {
    FileDigest digest;
    try {
      digest = FileDigest.of(target);
    } catch (IOException e) {
      throw CommandException.failed("artifact download: cannot read " + target, e);
    }
    String sha256 = artifact.path("sha256sum").asText("");
    String sha1 = artifact.path("sha1sum").asText("");
    boolean ok =
        !sha256.isEmpty()
            ? sha256.equals(digest.sha256())
            : sha1.isEmpty() || sha1.equals(digest.sha1());
    if (!ok) {
      throw CommandException.failed(
          "artifact download: checksum mismatch for " + artifact.path("path").asText(), null);
    }
  }

  /** Prints every artifact matching {@code query}, one {@code format} each. */
  public int search(String query, String step, String build, String format)
      throws CommandException, InterruptedException {
    List<JsonNode> found = search(query, step, build);
    if (found.isEmpty()) {
      throw CommandException.failed("artifact search: no artifacts match " + query, null);
    }
    String pattern = format == null || format.isEmpty() ? DEFAULT_FORMAT : unescape(format);
    found.forEach(a -> io.out().print(format(pattern, a)));
    io.out().flush();
    return 0;
  }

  /** Prints the SHA-1 (or SHA-256) of the one artifact matching {@code query}. */
  public int shasum(String query, boolean sha256, String step, String build)
      throws CommandException, InterruptedException {
    List<JsonNode> found = search(query, step, build);
    if (found.isEmpty()) {
      throw CommandException.failed("artifact shasum: no artifacts match " + query, null);
    }
    if (found.size() > 1) {
      io.err().println("artifact shasum: " + found.size() + " artifacts match; using the first");
    }
    io.out().println(found.getFirst().path(sha256 ? "sha256sum" : "sha1sum").asText());
    io.out().flush();
    return 0;
  }

  private List<JsonNode> search(String query, String step, String build)
      throws CommandException, InterruptedException {
    String buildId = build != null && !build.isBlank() ? build : scope.requireBuild();
    String within = step == null ? "" : step;
    return call("search", RetryPolicy.JOB_READ, () -> client.search(buildId, query, within));
  }

  static String format(String pattern, JsonNode artifact) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c != '%' || i + 1 == pattern.length()) {
        out.append(c);
        continue;
      }
      char field = pattern.charAt(++i);
      out.append(
          switch (field) {
            case 'i' -> artifact.path("id").asText();
            case 'p' -> artifact.path("path").asText();
            case 'c' -> artifact.path("created_at").asText();
            case 'j' -> artifact.path("job_id").asText();
            case 's' -> artifact.path("file_size").asText();
            case 'S' -> artifact.path("sha1sum").asText();
            case 'T' -> artifact.path("sha256sum").asText();
            case 'u' -> artifact.path("url").asText();
            default -> "%" + field;
          });
    }
    return out.toString();
  }

  private static String unescape(String format) {
    return format.replace("\\n", "\n").replace("\\t", "\t");
  }

  private <T> T call(String what, RetryPolicy policy, Retrier.Call<T> call)
      throws CommandException, InterruptedException {
    try {
      return retrier.call(policy, call);
    } catch (AgentApiException e) {
      throw CommandException.failed("artifact " + what + ": " + e.getMessage(), e);
    }
  }
}
