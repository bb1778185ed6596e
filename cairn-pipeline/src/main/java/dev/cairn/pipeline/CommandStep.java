package dev.cairn.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A command step. {@code command} is the script the agent runs: a list of commands is joined with
 * newlines. {@code agents} holds the agent query rules ({@code queue} and tags), the pipeline's
 * top-level {@code agents} when the step has none. {@code plugins} are in run order whatever form
 * they were written in. {@code unknown} keeps attributes Cairn does not model, for round trip, and
 * {@code attributes} is the whole step as written (merge keys applied), which the agent receives as
 * {@code job.step}. Immutable.
 *
 * @param parallelism the number of parallel jobs, empty when not given
 * @param priority the step's priority, or the pipeline's top-level one when the step has none
 * @param notifications the step's {@code notify} as plain data, empty when not given
 * @param secrets the step's {@code secrets} as plain data (a list of names or a map)
 * @param signature the step's {@code signature} as plain data; never interpolated
 */
public record CommandStep(
    Optional<String> key,
    Optional<String> label,
    String command,
    Optional<List<Dependency>> dependsOn,
    Map<String, String> env,
    Map<String, String> agents,
    Location location,
    StepConditions conditions,
    Skip skip,
    List<Plugin> plugins,
    Optional<Matrix> matrix,
    Optional<Integer> parallelism,
    Retry retry,
    SoftFail softFail,
    Optional<Integer> timeoutInMinutes,
    Optional<Concurrency> concurrency,
    Optional<Integer> priority,
    List<String> artifactPaths,
    boolean cancelOnBuildFailing,
    Optional<Object> notifications,
    Optional<Object> secrets,
    Optional<Object> signature,
    Map<String, Object> unknown,
    Map<String, Object> attributes)
    implements Step {
  public CommandStep {
    env = Ordered.map(env);
    agents = Ordered.map(agents);
    plugins = List.copyOf(plugins);
    artifactPaths = List.copyOf(artifactPaths);
    unknown = Ordered.map(unknown);
    attributes = Ordered.map(attributes);
  }

  /** A plain command step with none of the optional attributes, as the first slice modelled it. */
  public CommandStep(
      Optional<String> key,
      Optional<String> label,
      String command,
      Optional<List<Dependency>> dependsOn,
      Map<String, String> env,
      Map<String, String> agents,
      Location location) {
    this(
        key,
        label,
        command,
        dependsOn,
        env,
        agents,
        location,
        StepConditions.NONE,
        Skip.NONE,
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Retry.NONE,
        SoftFail.NONE,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        List.of(),
        false,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Map.of(),
        Map.of());
  }
}
