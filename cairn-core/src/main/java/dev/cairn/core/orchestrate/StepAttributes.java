package dev.cairn.core.orchestrate;

import dev.cairn.core.build.BuildState;
import dev.cairn.core.job.Job;
import dev.cairn.core.job.JobType;
import dev.cairn.core.port.AttributeStore;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Attributes that jobs change while their build runs: {@code job update} (only {@code
 * timeout_in_minutes}, alias {@code timeout}, as on Buildkite) and {@code step get}/{@code step
 * update} ({@code label}, {@code notify}, {@code priority}). Changes are kept beside the build's
 * history, not in it: they do not change what the decider decides. Thread-safe.
 */
public final class StepAttributes {
  private static final Set<String> STEP_UPDATABLE = Set.of("label", "notify", "priority");

  private final AttributeStore store;
  private final InstantSource clock;

  public StepAttributes(AttributeStore store, InstantSource clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Applies {@code job update}; refused for unknown attributes, bad values or finished jobs. */
  public Result<Map<String, String>> updateJob(
      BuildState build, Job job, Map<String, String> attributes) {
    if (job.state().isTerminal()) {
      return new Result.Refused<>("job " + job.id() + " has finished");
    }
    if (job.spec().type() != JobType.SCRIPT) {
      return new Result.Refused<>("only command jobs can be updated");
    }
    Map<String, String> accepted = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : attributes.entrySet()) {
      String name = entry.getKey().equals("timeout") ? "timeout_in_minutes" : entry.getKey();
      if (!name.equals("timeout_in_minutes")) {
        return new Result.Refused<>(
            "job attribute " + entry.getKey() + " cannot be updated; only timeout_in_minutes");
      }
      if (!positiveInteger(entry.getValue())) {
        return new Result.Refused<>("timeout_in_minutes must be a positive whole number");
      }
      accepted.put(name, entry.getValue().trim());
    }
    accepted.forEach((name, value) ->
        store.put(
            build.id(), "job:" + job.id(), name, value, false, Optional.empty(), clock.instant()));
    return new Result.Done<>(store.all(build.id(), "job:" + job.id()));
  }

  /** The jobs of the step named by id or key. */
  public static List<Job> step(BuildState build, String stepIdOrKey) {
    return build.jobList().stream()
        .filter(j ->
            j.spec().stepId().equals(stepIdOrKey)
                || j.spec().stepKey().map(stepIdOrKey::equals).orElse(false))
        .toList();
  }

  /** The step's attributes as {@code step get} shows them, updates applied. */
  public Result<Map<String, Object>> export(BuildState build, String stepIdOrKey) {
    List<Job> jobs = step(build, stepIdOrKey);
    if (jobs.isEmpty()) {
      return new Result.NotFound<>();
    }
    Job first = jobs.getFirst();
    Map<String, Object> step = new LinkedHashMap<>();
    step.put("id", first.spec().stepId());
    first.spec().stepKey().ifPresent(k -> step.put("key", k));
    step.put("type", first.spec().type().apiName());
    step.put("label", first.spec().label());
    step.put("command", first.spec().command());
    step.put("env", first.spec().env());
    step.put("agents", first.spec().agentQuery());
    step.put("state", first.state().apiName());
    step.putAll(store.all(build.id(), "step:" + first.spec().stepId()));
    return new Result.Done<>(step);
  }

  /** Applies {@code step update}; a retried change (same idempotency id) is applied once. */
  public Result<Boolean> updateStep(
      BuildState build,
      String stepIdOrKey,
      String attribute,
      String value,
      boolean append,
      Optional<String> changeId) {
    List<Job> jobs = step(build, stepIdOrKey);
    if (jobs.isEmpty()) {
      return new Result.NotFound<>();
    }
    if (attribute == null || !STEP_UPDATABLE.contains(attribute)) {
      return new Result.Refused<>("step attribute must be one of " + STEP_UPDATABLE);
    }
    if (attribute.equals("priority") && (append || !integer(value))) {
      return new Result.Refused<>("priority must be a whole number and cannot be appended to");
    }
    String subject = "step:" + jobs.getFirst().spec().stepId();
    String text = value == null ? "" : value;
    boolean extend = append;
    if (append && !store.all(build.id(), subject).containsKey(attribute)) {
      // The first append extends the step's own value.
      Object own =
          export(build, stepIdOrKey) instanceof Result.Done<Map<String, Object>> d
              ? d.value().get(attribute)
              : null;
      text = (own == null ? "" : String.valueOf(own)) + text;
      extend = false;
    }
    store.put(build.id(), subject, attribute, text, extend, changeId, clock.instant());
    return new Result.Done<>(true);
  }

  private static boolean positiveInteger(String value) {
    return integer(value) && Integer.parseInt(value.trim()) > 0;
  }

  private static boolean integer(String value) {
    try {
      Integer.parseInt(value == null ? "" : value.trim());
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
