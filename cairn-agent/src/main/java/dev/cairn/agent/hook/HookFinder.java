package dev.cairn.agent.hook;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the hooks of one lifecycle point (spec §6): the agent hook, a file named after the point
 * (no extension, or {@code .sh}) in the hooks path; and the repository hook, the same under {@code
 * .buildkite/hooks} of the checkout unless local hooks are disabled. Agent hooks come first.
 */
public final class HookFinder {
  private final Optional<Path> hooksPath;
  private final boolean localHooks;

  public HookFinder(Path hooksPath, boolean localHooks) {
    this.hooksPath = Optional.ofNullable(hooksPath);
    this.localHooks = localHooks;
  }

  public Optional<Hook> agentHook(String name) {
    return hooksPath.flatMap(dir -> file(dir, name)).map(f -> new Hook(name, Hook.AGENT, f));
  }

  public Optional<Hook> repositoryHook(String name, Path checkout) {
    if (!localHooks) {
      return Optional.empty();
    }
    return file(checkout.resolve(".buildkite").resolve("hooks"), name)
        .map(f -> new Hook(name, Hook.REPOSITORY, f));
  }

  /** The agent hook, then the repository hook, of {@code name}, as present. */
  public List<Hook> both(String name, Path checkout) {
    List<Hook> hooks = new ArrayList<>(2);
    agentHook(name).ifPresent(hooks::add);
    repositoryHook(name, checkout).ifPresent(hooks::add);
    return hooks;
  }

  /**
   * The hook {@code name} of a plugin checked out in {@code pluginDir}, from its {@code hooks}
   * directory, carrying the plugin's variables.
   */
  public static Optional<Hook> pluginHook(
      String name, Path pluginDir, String plugin, java.util.Map<String, String> env) {
    return file(pluginDir.resolve("hooks"), name)
        .map(f -> new Hook(name, Hook.PLUGIN, f, plugin, env));
  }

  private static Optional<Path> file(Path dir, String name) {
    for (String candidate : List.of(name, name + ".sh")) {
      Path file = dir.resolve(candidate);
      if (Files.isRegularFile(file)) {
        return Optional.of(file);
      }
    }
    return Optional.empty();
  }
}
