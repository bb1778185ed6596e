package dev.cairn.agent.job;

import dev.cairn.agent.hook.Hook;
import dev.cairn.agent.hook.HookFinder;
import dev.cairn.agent.plugin.Plugin;
import dev.cairn.agent.plugin.PluginDefinition;
import dev.cairn.agent.plugin.PluginEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A plugin ready to run: the plugin and the directory holding its {@code hooks} (the clone, or a
 * subdirectory of it, or for a vendored plugin a directory of the job's checkout).
 */
record PluginCheckout(Plugin plugin, Path dir) {

  /** Its hook {@code name}, carrying the plugin's configuration variables. */
  Optional<Hook> hook(String name) {
    PluginEnvironment.Result vars = PluginEnvironment.of(plugin);
    return HookFinder.pluginHook(name, dir, plugin.name(), vars.env());
  }

  /**
   * What its {@code plugin.yml} finds wrong with this use of the plugin (requirements not on {@code
   * path}, configuration against the schema), an empty list when nothing; empty when the plugin has
   * no definition.
   */
  Optional<List<String>> problems(String path) throws IOException {
    return PluginDefinition.load(dir)
        .map(d -> d.problems(plugin.config(), command -> onPath(command, path)));
  }

  private static boolean onPath(String command, String path) {
    if (command.contains("/")) {
      return Files.isExecutable(Path.of(command));
    }
    for (String entry : path.split(":", -1)) {
      if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, command))) {
        return true;
      }
    }
    return false;
  }

  /** Why some configuration variables could not be exported, if so. */
  Optional<String> warning() {
    return Optional.ofNullable(PluginEnvironment.of(plugin).warning());
  }
}
