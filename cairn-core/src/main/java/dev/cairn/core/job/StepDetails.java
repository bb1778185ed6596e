package dev.cairn.core.job;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a job carries from its step besides scheduling rules: the step as written ({@code
 * attributes}, sent to agents as {@code job.step}), its place in a parallel or matrix fan-out, its
 * dispatch priority and concurrency gate, artifact paths and plugins (as plain data), why it is
 * skipped, if it is, and for a trigger job the build it asks for. Plain data only, so it is stored
 * in events as it is.
 */
public record StepDetails(
    Map<String, Object> attributes,
    Optional<Integer> parallelJob,
    Optional<Integer> parallelJobCount,
    Map<String, String> matrix,
    int priority,
    Optional<ConcurrencyGate> concurrency,
    List<String> artifactPaths,
    List<Map<String, Object>> plugins,
    Optional<String> skipped,
    boolean cancelOnBuildFailing,
    Optional<TriggerSpec> trigger) {

  public static final StepDetails NONE =
      new StepDetails(
          Map.of(),
          Optional.empty(),
          Optional.empty(),
          Map.of(),
          0,
          Optional.empty(),
          List.of(),
          List.of(),
          Optional.empty(),
          false,
          Optional.empty());

  /** The details of a job that triggers nothing. */
  public StepDetails(
      Map<String, Object> attributes,
      Optional<Integer> parallelJob,
      Optional<Integer> parallelJobCount,
      Map<String, String> matrix,
      int priority,
      Optional<ConcurrencyGate> concurrency,
      List<String> artifactPaths,
      List<Map<String, Object>> plugins,
      Optional<String> skipped,
      boolean cancelOnBuildFailing) {
    this(
        attributes,
        parallelJob,
        parallelJobCount,
        matrix,
        priority,
        concurrency,
        artifactPaths,
        plugins,
        skipped,
        cancelOnBuildFailing,
        Optional.empty());
  }

  public StepDetails {
    attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    matrix = Collections.unmodifiableMap(new LinkedHashMap<>(matrix));
    artifactPaths = List.copyOf(artifactPaths);
    plugins = List.copyOf(plugins);
    // Details stored before trigger steps ran have no such field.
    trigger = trigger == null ? Optional.empty() : trigger;
  }

  /** At most {@code limit} jobs of {@code group} run at once; {@code ordered} keeps FIFO order. */
  public record ConcurrencyGate(String group, int limit, boolean ordered) {}
}
