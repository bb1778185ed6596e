package dev.cairn.core.orchestrate;

import dev.cairn.core.artifact.Artifact;
import dev.cairn.core.artifact.ArtifactState;
import dev.cairn.core.artifact.PathGlob;
import dev.cairn.core.build.BuildState;
import dev.cairn.core.job.Job;
import dev.cairn.core.port.ArtifactFiles;
import dev.cairn.core.port.ArtifactStore;
import dev.cairn.core.port.IdGenerator;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Artifacts of jobs: created in batches, uploaded to Cairn's own storage (checked against the
 * declared size, sha1 and sha256), marked finished or errored by the agent, searched by glob and
 * scope, and read back for download. Thread-safe.
 */
public final class Artifacts {
  private final ArtifactStore store;
  private final ArtifactFiles files;
  private final IdGenerator ids;
  private final InstantSource clock;

  public Artifacts(ArtifactStore store, ArtifactFiles files, IdGenerator ids, InstantSource clock) {
    this.store = store;
    this.files = files;
    this.ids = ids;
    this.clock = clock;
  }

  /** An artifact as the agent describes it in a batch. */
  public record NewArtifact(
      String path, long fileSize, String sha1, String sha256, String contentType) {}

  /** A search: glob, scope (job id, step id or step key; blank for the build), state filter. */
  public record Search(
      String query, String scope, Optional<ArtifactState> state, boolean includeDuplicates) {}

  /**
   * Creates a batch of artifacts for a job; a batch id seen before returns the artifacts created
   * then, so an agent retrying its create call gets the same ids.
   */
  public Result<List<Artifact>> create(
      String buildId,
      String jobId,
      String batchId,
      String uploadDestination,
      List<NewArtifact> items) {
    List<Artifact> artifacts = new ArrayList<>();
    Instant now = clock.instant();
    for (NewArtifact item : items) {
      Optional<String> problem = check(item);
      if (problem.isPresent()) {
        return new Result.Refused<>(problem.get());
      }
      artifacts.add(
          new Artifact(
              ids.newId(),
              batchId,
              buildId,
              jobId,
              item.path(),
              item.fileSize(),
              nonNull(item.sha1()),
              nonNull(item.sha256()),
              item.contentType() == null || item.contentType().isBlank()
                  ? "binary/octet-stream"
                  : item.contentType(),
              nonNull(uploadDestination),
              ArtifactState.NEW,
              false,
              now));
    }
    return new Result.Done<>(store.addBatch(batchId, artifacts));
  }

  private static Optional<String> check(NewArtifact item) {
    if (item.path() == null || item.path().isBlank()) {
      return Optional.of("an artifact needs a path");
    }
    if (item.fileSize() < 0) {
      return Optional.of("artifact " + item.path() + " has a negative file_size");
    }
    return Optional.empty();
  }

  /** Sets the states the agent reports for the job's artifacts; refused if one is not the job's. */
  public Result<Integer> setStates(String jobId, Map<String, String> states) {
    Map<String, ArtifactState> parsed = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : states.entrySet()) {
      Optional<ArtifactState> state = ArtifactState.of(entry.getValue());
      if (state.isEmpty() || state.get() == ArtifactState.NEW) {
        return new Result.Refused<>("artifact state must be finished or error");
      }
      parsed.put(entry.getKey(), state.get());
    }
    for (Map.Entry<String, ArtifactState> entry : parsed.entrySet()) {
      if (!store.setState(jobId, entry.getKey(), entry.getValue())) {
        return new Result.Refused<>("job " + jobId + " has no artifact " + entry.getKey());
      }
    }
    return new Result.Done<>(parsed.size());
  }

  public Optional<Artifact> find(String artifactId) {
    return store.byId(artifactId);
  }

  public Optional<Artifact> inBatch(String batchId, String path) {
    return store.inBatch(batchId, path);
  }

  /**
   * Stores the artifact's bytes, refusing (and discarding) them unless their size and digests are
   * the ones declared at creation.
   */
  public Result<Artifact> upload(Artifact artifact, InputStream content) throws IOException {
    if (!artifact.uploadDestination().isEmpty()) {
      return new Result.Refused<>(
          "artifact " + artifact.id() + " goes to " + artifact.uploadDestination());
    }
    MessageDigest sha1 = digest("SHA-1");
    MessageDigest sha256 = digest("SHA-256");
    Bounded counted =
        new Bounded(
            new DigestInputStream(new DigestInputStream(content, sha1), sha256),
            artifact.fileSize());
    files.save(artifact.buildId(), artifact.id(), counted);
    String problem = mismatch(artifact, counted.count, hex(sha1), hex(sha256));
    if (problem != null) {
      files.delete(artifact.buildId(), artifact.id());
      return new Result.Refused<>(problem);
    }
    store.markStored(artifact.id());
    return new Result.Done<>(artifact);
  }

  private static String mismatch(Artifact artifact, long size, String sha1, String sha256) {
    if (size != artifact.fileSize()) {
      return "artifact "
          + artifact.path()
          + " declared "
          + artifact.fileSize()
          + " bytes, got "
          + size;
    }
    if (!artifact.sha1().isEmpty() && !artifact.sha1().equalsIgnoreCase(sha1)) {
      return "artifact " + artifact.path() + " does not match its sha1sum";
    }
    if (!artifact.sha256().isEmpty() && !artifact.sha256().equalsIgnoreCase(sha256)) {
      return "artifact " + artifact.path() + " does not match its sha256sum";
    }
    return null;
  }

  /** The build's artifacts that match the search, oldest first. */
  public List<Artifact> search(BuildState build, Search search) {
    PathGlob glob = PathGlob.of(search.query());
    Map<String, Artifact> byPath = new LinkedHashMap<>();
    List<Artifact> all = new ArrayList<>();
    for (Artifact artifact : store.ofBuild(build.id())) {
      if (glob.matches(artifact.path())
          && inScope(build, artifact, search.scope())
          && search.state().map(s -> s == artifact.state()).orElse(true)) {
        all.add(artifact);
        byPath.put(artifact.path(), artifact); // Later uploads of a path win.
      }
    }
    if (search.includeDuplicates()) {
      return all;
    }
    return byPath.values().stream().sorted(Comparator.comparing(Artifact::createdAt)).toList();
  }

  private static boolean inScope(BuildState build, Artifact artifact, String scope) {
    if (scope == null || scope.isBlank() || scope.equals(artifact.jobId())) {
      return true;
    }
    Optional<Job> job = build.job(artifact.jobId());
    return job.isPresent()
        && (scope.equals(job.get().spec().stepId())
            || job.get().spec().stepKey().map(scope::equals).orElse(false));
  }

  public InputStream open(Artifact artifact) throws IOException {
    return files.open(artifact.buildId(), artifact.id());
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has " + algorithm, e);
    }
  }

  private static String hex(MessageDigest digest) {
    return HexFormat.of().formatHex(digest.digest());
  }

  private static String nonNull(String value) {
    return value == null ? "" : value;
  }

  /** Counts what passes and fails once more than the declared size (plus one byte) arrives. */
  private static final class Bounded extends FilterInputStream {
    private final long limit;
    private long count;

    Bounded(InputStream in, long declared) {
      super(in);
      this.limit = declared + 1;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        add(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        add(n);
      }
      return n;
    }

    private void add(int n) throws IOException {
      count += n;
      if (count > limit) {
        throw new IOException("the upload is larger than the artifact's declared size");
      }
    }
  }
}
