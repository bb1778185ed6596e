package dev.cairn.core.orchestrate;

import dev.cairn.core.build.BuildState;
import dev.cairn.core.decide.Command;
import dev.cairn.core.decide.Decision;
import dev.cairn.core.job.Job;
import dev.cairn.core.job.JobState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Unblocking block and input steps. The field values a person gives become build meta-data (under
 * each field's key) before the job is unblocked, so steps after it can read them; if the server
 * stops in between, the job is still blocked and unblocking again writes the same values.
 * Thread-safe.
 */
public final class Unblocks {
  private final BuildWriter writer;
  private final MetaData metaData;

  public Unblocks(BuildWriter writer, MetaData metaData) {
    this.writer = writer;
    this.metaData = metaData;
  }

  /** Unblocks {@code jobId} of {@code build} as {@code by}, with these field values. */
  public Result<BuildState> unblock(
      BuildState build, String jobId, String by, Map<String, String> fields) {
    Optional<Job> job = build.job(jobId);
    if (job.isEmpty()) {
      return new Result.NotFound<>();
    }
    if (!job.get().spec().type().isManual() || job.get().state() != JobState.BLOCKED) {
      return new Result.Refused<>(
          "job "
              + jobId
              + " is "
              + job.get().state().apiName()
              + ", not a blocked block or input step");
    }
    List<String> missing = missingRequiredFields(job.get(), fields);
    if (!missing.isEmpty()) {
      return new Result.Refused<>("required fields have no value: " + String.join(", ", missing));
    }
    if (!fields.isEmpty()
        && metaData.set(build.id(), fields) instanceof Result.Refused<Integer> r) {
      return new Result.Refused<>(r.reason());
    }
    Optional<BuildWriter.Outcome> outcome =
        writer.execute(build.id(), new Command.UnblockJob(jobId, by, fields));
    if (outcome.isEmpty()) {
      return new Result.NotFound<>();
    }
    if (outcome.get().decision() instanceof Decision.Rejected rejected) {
      return new Result.Refused<>(rejected.reason());
    }
    return new Result.Done<>(outcome.get().state());
  }

  /**
   * Fields are required unless they say {@code required: false} or have a default; read from the
   * step as written.
   */
  private static List<String> missingRequiredFields(Job job, Map<String, String> given) {
    List<String> missing = new ArrayList<>();
    if (!(job.spec().details().attributes().get("fields") instanceof List<?> fields)) {
      return missing;
    }
    for (Object field : fields) {
      if (field instanceof Map<?, ?> f && f.get("key") instanceof String key) {
        boolean required = !Boolean.FALSE.equals(f.get("required"));
        boolean hasDefault = f.get("default") != null;
        String value = given.get(key);
        if (required && !hasDefault && (value == null || value.isBlank())) {
          missing.add(key);
        }
      }
    }
    return missing;
  }
}
