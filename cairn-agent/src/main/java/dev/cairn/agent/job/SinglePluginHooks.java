package dev.cairn.agent.job;

import dev.cairn.agent.hook.Hook;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which plugins' {@code checkout} or {@code command} hooks run, as the official agent decides
 * ({@code internal/job/plugin.go}, {@code executePluginHook}). Only one of each was meant to run,
 * but a long-standing bug let every plugin's run, and the official agent keeps that unless {@code
 * --strict-single-hooks} is given: then only the first plugin's hook runs and each other one is
 * skipped with a warning; without it each one after the first still runs, after a warning that a
 * later version will skip it. A plugin's position in warnings counts every plugin of the job, from
 * 1. Which kind of hook wins (plugin over repository over agent) is the executor's business, and
 * agent hooks from several hooks paths all run either way, as in the official agent.
 */
final class SinglePluginHooks {
  private SinglePluginHooks() {}

  /**
   * One plugin's hook in its turn: the warning to log when its turn comes, if any, and whether the
   * hook then runs. The warning is logged only when the hooks before it have run, as the official
   * agent logs it.
   */
  record Turn(Hook hook, Optional<String> warning, boolean runs) {}

  /** The turns of the plugin hooks {@code name}, in the plugins' order; empty if none has it. */
  static List<Turn> turns(String name, List<PluginCheckout> plugins, boolean strict) {
    List<Turn> turns = new ArrayList<>();
    for (int i = 0; i < plugins.size(); i++) {
      Optional<Hook> hook = plugins.get(i).hook(name);
      if (hook.isEmpty()) {
        continue;
      }
      if (turns.isEmpty()) {
        turns.add(new Turn(hook.get(), Optional.empty(), true));
        continue;
      }
      String plugin = plugins.get(i).plugin().name();
      String warning = strict ? ignored(name, plugin, i + 1) : stillRuns(name, plugin, i + 1);
      turns.add(new Turn(hook.get(), Optional.of(warning), !strict));
    }
    return turns;
  }

  private static String ignored(String name, String plugin, int position) {
    return "Ignoring additional %s hook (%s plugin, position %d)".formatted(name, plugin, position);
  }

  private static String stillRuns(String name, String plugin, int position) {
    return ("The additional %s hook (%s plugin, position %d) will be ignored in a future version"
            + " of the agent. To enforce single %s hooks now, pass the --strict-single-hooks flag,"
            + " set the environment variable BUILDKITE_STRICT_SINGLE_HOOKS=true, or set"
            + " strict-single-hooks=true in your agent configuration")
        .formatted(name, plugin, position, name);
  }
}
