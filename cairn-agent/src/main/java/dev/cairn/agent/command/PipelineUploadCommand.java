package dev.cairn.agent.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cairn.agent.api.AgentApiException;
import dev.cairn.agent.api.JobResourcesClient;
import dev.cairn.agent.api.Retrier;
import dev.cairn.agent.api.RetryPolicy;
import dev.cairn.agent.api.Timing;
import dev.cairn.agent.log.Redactor;
import dev.cairn.pipeline.IfChanged;
import dev.cairn.pipeline.Pipeline;
import dev.cairn.pipeline.PipelineException;
import dev.cairn.pipeline.PipelineParser;
import dev.cairn.pipeline.Step;
import dev.cairn.pipeline.WaitStep;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code pipeline upload [FILE]} (spec §4.3): reads the file, stdin when it is piped, or the first
 * of the default files; interpolates it against the job's environment (after resolving {@code
 * BUILDKITE_COMMIT} to a SHA in the checkout) unless told not to; checks it parses; and sends it as
 * JSON, every step as written so unknown fields survive. {@code --dry-run} prints the JSON instead
 * of sending it.
 */
public final class PipelineUploadCommand {
  static final List<String> DEFAULT_FILES =
      List.of(
          "buildkite.yml",
          "buildkite.yaml",
          "buildkite.json",
          ".buildkite/pipeline.yml",
          ".buildkite/pipeline.yaml",
          ".buildkite/pipeline.json",
          "buildkite/pipeline.yml",
          "buildkite/pipeline.yaml",
          "buildkite/pipeline.json");

  /**
   * The options of one upload; with {@code jwksFile}, every command step is signed with the key
   * {@code jwksKeyId} of that file (the only key when null).
   */
  public record Options(
      String file,
      boolean interpolate,
      boolean dryRun,
      boolean replace,
      boolean rejectSecrets,
      String jwksFile,
      String jwksKeyId) {
    /** Options for an unsigned upload. */
    public Options(
        String file, boolean interpolate, boolean dryRun, boolean replace, boolean rejectSecrets) {
      this(file, interpolate, dryRun, replace, rejectSecrets, null, null);
    }
  }

  /** How long {@code git rev-parse} of {@code BUILDKITE_COMMIT} may take before it is killed. */
  static final Duration GIT_LIMIT = Duration.ofSeconds(10);

  private final CommandIo io;
  private final Duration gitLimit;

  public PipelineUploadCommand(CommandIo io) {
    this(io, GIT_LIMIT);
  }

  PipelineUploadCommand(CommandIo io, Duration gitLimit) {
    this.io = io;
    this.gitLimit = gitLimit;
  }

  /** Uploads ({@code scope} may be null for a dry run outside a job). */
  public int upload(JobScope scope, Options options) throws CommandException, InterruptedException {
    Source source = read(options.file());
    Map<String, Object> parsed = parse(source, options.interpolate());
    Map<String, Object> body =
        options.jwksFile() == null || options.jwksFile().isBlank()
            ? parsed
            : UploadSigning.sign(parsed, io, options.jwksFile(), options.jwksKeyId());
    String json = json(body);
    checkSecrets(json, options.rejectSecrets());
    if (options.dryRun()) {
      io.out().println(json);
      io.out().flush();
      return 0;
    }
    if (scope == null) {
      throw CommandException.usage("pipeline upload: run inside a job, or pass --dry-run");
    }
    JobResourcesClient client = new JobResourcesClient(scope.transport(), scope.token());
    String uuid = UUID.randomUUID().toString();
    try {
      new Retrier(Timing.system())
          .call(
              RetryPolicy.PIPELINE_UPLOAD,
              () -> {
                client.uploadPipeline(scope.jobId(), uuid, body, options.replace());
                return null;
              });
    } catch (AgentApiException e) {
      throw CommandException.failed("pipeline upload: " + e.getMessage(), e);
    }
    io.err().println("pipeline upload: uploaded " + source.name());
    return 0;
  }

  record Source(String name, String text) {}

  private Source read(String file) throws CommandException {
    if (file != null && !file.isBlank() && !file.equals("-")) {
      return readFile(io.workingDir().resolve(file), file);
    }
    if ("-".equals(file) || io.stdinHasData()) {
      String text = io.readStdin();
      if (!text.isBlank() || "-".equals(file)) {
        return new Source("(stdin)", text);
      }
    }
    for (String name : DEFAULT_FILES) {
      Path candidate = io.workingDir().resolve(name);
      if (Files.isRegularFile(candidate)) {
        return readFile(candidate, name);
      }
    }
    throw CommandException.failed(
        "pipeline upload: no pipeline file given and none of " + DEFAULT_FILES + " exists", null);
  }

  private static Source readFile(Path path, String name) throws CommandException {
    try {
      return new Source(name, Files.readString(path, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw CommandException.failed("pipeline upload: cannot read " + name, e);
    }
  }

  private Map<String, Object> parse(Source source, boolean interpolate) throws CommandException {
    Pipeline pipeline;
    try {
      pipeline =
          interpolate
              ? PipelineParser.parse(source.name(), source.text(), interpolationEnv())
              : PipelineParser.parse(source.name(), source.text());
    } catch (PipelineException e) {
      throw CommandException.failed("pipeline upload: " + e.getMessage(), e);
    }
    return applyIfChanged(body(pipeline));
  }

  /** Applies and removes {@code if_changed}; git runs only when some step uses it. */
  private Map<String, Object> applyIfChanged(Map<String, Object> body) {
    List<?> steps = (List<?>) body.get("steps");
    if (!IfChanged.used(steps)) {
      return body;
    }
    IfChanged.Applied applied = IfChanged.apply(steps, new ChangedFiles(io).find());
    applied.warnings().forEach(w -> io.err().println("pipeline upload: " + w));
    body.put("steps", applied.steps());
    return body;
  }

  static Map<String, Object> body(Pipeline pipeline) {
    Map<String, Object> body = new LinkedHashMap<>(pipeline.unknown());
    if (!pipeline.env().isEmpty()) {
      body.put("env", pipeline.env());
    }
    if (!pipeline.agents().isEmpty()) {
      body.put("agents", pipeline.agents());
    }
    pipeline.notifications().ifPresent(n -> body.put("notify", n));
    pipeline.priority().ifPresent(p -> body.put("priority", p));
    pipeline.secrets().ifPresent(s -> body.put("secrets", s));
    body.put("steps", pipeline.steps().stream().map(PipelineUploadCommand::asWritten).toList());
    return body;
  }

  /** A step as written; a bare {@code wait} has no attributes and is sent as the string. */
  private static Object asWritten(Step step) {
    return step instanceof WaitStep && step.attributes().isEmpty() ? "wait" : step.attributes();
  }

  private Map<String, String> interpolationEnv() {
    Map<String, String> env = new HashMap<>(io.env());
    String commit = env.get("BUILDKITE_COMMIT");
    if (commit != null && !commit.isBlank() && !commit.matches("[0-9a-f]{40}")) {
      resolveCommit(commit).ifPresent(sha -> env.put("BUILDKITE_COMMIT", sha));
    }
    return env;
  }

  /**
   * {@code git rev-parse} of {@code commit} in the working directory, when it is a repository,
   * bounded by the git time limit; like the official agent, a commit that cannot be resolved is
   * interpolated as given, with a warning.
   */
  private Optional<String> resolveCommit(String commit) {
    BoundedGit.Result result =
        new BoundedGit(io.workingDir(), gitLimit)
            .run("rev-parse", "--verify", "--quiet", commit + "^{commit}");
    if (result instanceof BoundedGit.Result.Lines(List<String> lines)
        && lines.size() == 1
        && lines.get(0).strip().matches("[0-9a-f]{40}")) {
      return Optional.of(lines.get(0).strip());
    }
    String why =
        result instanceof BoundedGit.Result.Failed(String reason)
            ? reason
            : "git rev-parse gave no commit";
    io.err()
        .println(
            "pipeline upload: cannot resolve BUILDKITE_COMMIT="
                + commit
                + " ("
                + why
                + "); interpolating it as given");
    return Optional.empty();
  }

  private void checkSecrets(String pipeline, boolean reject) throws CommandException {
    Redactor redactor = Redactor.fromEnvironment(io.env(), Redactor.patterns(io.env()));
    List<String> names = redactor.namesFoundIn(pipeline);
    if (names.isEmpty()) {
      return;
    }
    String message =
        "pipeline upload: the pipeline contains the value of " + String.join(", ", names);
    if (reject) {
      throw CommandException.failed(message + "; refusing to upload it", null);
    }
    io.err().println(message + "; it will be visible on the server");
  }

  private static String json(Map<String, Object> body) throws CommandException {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw CommandException.failed("pipeline upload: cannot write JSON", e);
    }
  }
}
