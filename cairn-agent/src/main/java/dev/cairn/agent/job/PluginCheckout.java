package dev.cairn.agent.job;

import dev.cairn.agent.hook.Hook;
import dev.cairn.agent.hook.HookFinder;
import dev.cairn.agent.plugin.Plugin;
import dev.cairn.agent.plugin.PluginEnvironment;
import java.nio.file.Path;
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

  /** Why some configuration variables could not be exported, if so. */
  Optional<String> warning() {
    return Optional.ofNullable(PluginEnvironment.of(plugin).warning());
  }
}
