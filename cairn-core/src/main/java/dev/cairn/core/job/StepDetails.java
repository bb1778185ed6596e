package dev.cairn.core.job;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a job carries from its step besides scheduling rules: the step as written ({@code
 * attributes}, sent to agents as {@code job.step}), its place in a parallel or matrix fan-out, its
 * dispatch priority and concurrency gate, artifact paths and plugins (as plain data), and why it is
 * skipped, if it is. Plain data only, so it is stored in events as it is.
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
    boolean cancelOnBuildFailing) {

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
          false);

  public StepDetails {
    attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    matrix = Collections.unmodifiableMap(new LinkedHashMap<>(matrix));
    artifactPaths = List.copyOf(artifactPaths);
    plugins = List.copyOf(plugins);
  }

  /** At most {@code limit} jobs of {@code group} run at once; {@code ordered} keeps FIFO order. */
  public record ConcurrencyGate(String group, int limit, boolean ordered) {}
}
