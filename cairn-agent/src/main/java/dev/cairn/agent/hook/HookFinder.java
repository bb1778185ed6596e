package dev.cairn.agent.hook;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the hooks of one lifecycle point (spec §6): the agent hooks, a file named after the point
 * (no extension, or {@code .sh}) in the hooks path and then in each additional hooks path ({@code
 * --additional-hooks-paths}), every one found; and the repository hook, the same under {@code
 * .buildkite/hooks} of the checkout unless local hooks are disabled. Agent hooks come first.
 */
public final class HookFinder {
  private final List<Path> agentDirs;
  private final boolean localHooks;

  /**
   * Agent hooks from {@code agentDirs} in order (the hooks path, then the additional ones); a
   * directory that does not exist simply holds no hooks, as in the official agent.
   */
  public HookFinder(List<Path> agentDirs, boolean localHooks) {
    this.agentDirs = List.copyOf(agentDirs);
    this.localHooks = localHooks;
  }

  /** The agent hooks of {@code name}: the hooks path's, then each additional path's. */
  public List<Hook> agentHooks(String name) {
    List<Hook> found = new ArrayList<>(agentDirs.size());
    for (Path dir : agentDirs) {
      file(dir, name).ifPresent(f -> found.add(new Hook(name, Hook.AGENT, f)));
    }
    return found;
  }

  public Optional<Hook> repositoryHook(String name, Path checkout) {
    if (!localHooks) {
      return Optional.empty();
    }
    return file(checkout.resolve(".buildkite").resolve("hooks"), name)
        .map(f -> new Hook(name, Hook.REPOSITORY, f));
  }

  /** The agent hooks, then the repository hook, of {@code name}, as present. */
  public List<Hook> both(String name, Path checkout) {
    List<Hook> hooks = agentHooks(name);
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
