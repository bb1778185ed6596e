package dev.cairn.agent.job;

import dev.cairn.agent.plugin.Plugin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where a plugin is checked out and the script that clones it (spec §7), run through the job's
 * process slot so git's output lands in the job log and a cancellation stops it.
 *
 * <p>Design note: as the official agent does, each plugin version gets its own directory, {@code
 * <plugins-path>/<agent name>/<identifier>} (the identifier is the source and ref), and is cloned
 * once and reused by later jobs: a directory with a {@code .git} is never fetched again. The clone
 * goes into a temporary directory beside it and is renamed into place only when the ref is checked
 * out, so a failed or interrupted clone never leaves a half checkout that later jobs would reuse.
 * Directories are per agent name, so spawned workers of one host do not clone into one directory.
 * With {@code --plugins-always-clone-fresh} the earlier checkout is removed and cloned again.
 */
final class PluginClone {
  private static final String SCRIPT =
      """
      set -euo pipefail
      export GIT_TERMINAL_PROMPT=0
      tmp=$(mktemp -d "$CAIRN_PLUGIN_PARENT/.clone-XXXXXX")
      trap 'rm -rf "$tmp"' EXIT
      echo "$ git clone -v -- $CAIRN_PLUGIN_REPO_SHOWN ."
      git clone -v -- "$CAIRN_PLUGIN_REPO" "$tmp"
      if [ -n "$CAIRN_PLUGIN_REF" ]; then
        echo "$ git checkout -f $CAIRN_PLUGIN_REF"
        git -C "$tmp" -c advice.detachedHead=false checkout -f "$CAIRN_PLUGIN_REF"
      fi
      mv -T "$tmp" "$CAIRN_PLUGIN_DIR" || test -d "$CAIRN_PLUGIN_DIR/.git"
      """;

  private PluginClone() {}

  /** The checkout directory of {@code plugin} (the repository, not its subdirectory). */
  static Path directory(Path pluginsPath, String agentName, Plugin plugin) {
    return pluginsPath.resolve(agentName).resolve(plugin.identifier());
  }

  /** Whether an earlier job cloned this version already. */
  static boolean cloned(Path directory) {
    return Files.isDirectory(directory.resolve(".git"));
  }

  /**
   * Removes an earlier checkout ({@code --plugins-always-clone-fresh}): it is first renamed aside,
   * so a concurrent job of another agent never sees a half-deleted plugin under the real name.
   */
  static void remove(Path directory) throws IOException {
    Path aside =
        directory.resolveSibling(
            ".remove-" + directory.getFileName() + "-" + ProcessHandle.current().pid());
    Files.move(directory, aside, StandardCopyOption.ATOMIC_MOVE);
    try (Stream<Path> walk = Files.walk(aside)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  static List<String> command() {
    return List.of("bash", "-c", SCRIPT);
  }

  /** {@code env} plus what the script reads. */
  static Map<String, String> environment(Map<String, String> env, Plugin plugin, Path directory) {
    Map<String, String> withPlugin = new HashMap<>(env);
    withPlugin.put("CAIRN_PLUGIN_PARENT", directory.getParent().toString());
    withPlugin.put("CAIRN_PLUGIN_REPO", plugin.repository());
    String shown =
        plugin.userInfo().isEmpty()
            ? plugin.repository()
            : plugin.repository().replace(plugin.userInfo() + "@", "***@");
    withPlugin.put("CAIRN_PLUGIN_REPO_SHOWN", shown);
    withPlugin.put("CAIRN_PLUGIN_REF", plugin.version());
    withPlugin.put("CAIRN_PLUGIN_DIR", directory.toString());
    return withPlugin;
  }
}
