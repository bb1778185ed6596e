package dev.cairn.core.decide;

import dev.cairn.pipeline.CommandStep;
import dev.cairn.pipeline.Dependency;
import dev.cairn.pipeline.Location;
import dev.cairn.pipeline.Pipeline;
import dev.cairn.pipeline.Step;
import dev.cairn.pipeline.WaitStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pipeline records built directly, as the parser would produce them, so decider tests do not depend
 * on YAML. Every step gets a key, which is how tests find its job.
 */
final class Steps {
  private static final Location HERE = new Location("pipeline.yml", 1, 1, "steps");

  private Steps() {}

  static Pipeline pipeline(Step... steps) {
    return new Pipeline(Map.of(), List.of(steps));
  }

  /** A command step without {@code depends_on}: it follows the implicit wait barriers. */
  static CommandStep command(String key) {
    return command(key, Optional.empty());
  }

  /** A command step with an explicit {@code depends_on}. */
  static CommandStep command(String key, Dependency first, Dependency... more) {
    List<Dependency> all = new ArrayList<>();
    all.add(first);
    all.addAll(List.of(more));
    return command(key, Optional.of(all));
  }

  /** A command step with {@code depends_on: []}: it ignores the implicit wait barriers. */
  static CommandStep independent(String key) {
    return command(key, Optional.of(List.of()));
  }

  private static CommandStep command(String key, Optional<List<Dependency>> dependsOn) {
    return new CommandStep(
        Optional.of(key), Optional.of(key), "echo " + key, dependsOn, Map.of(), Map.of(), HERE);
  }

  static WaitStep waitStep(String key) {
    return new WaitStep(Optional.of(key), Optional.empty(), false, HERE);
  }

  static WaitStep waitContinuingOnFailure(String key) {
    return new WaitStep(Optional.of(key), Optional.empty(), true, HERE);
  }

  static Dependency on(String key) {
    return new Dependency(key, false);
  }

  static Dependency allowingFailureOf(String key) {
    return new Dependency(key, true);
  }
}
