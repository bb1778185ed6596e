package dev.cairn.agent.hook;

import java.nio.file.Path;
import java.util.Map;

/**
 * One hook file found for a lifecycle point: its name ({@code pre-command}…), where it was found
 * ({@code agent}, {@code repository} or {@code plugin}), its path, and for a plugin hook the
 * plugin's name and the variables only that plugin's hooks see (its configuration).
 */
public record Hook(String name, String scope, Path file, String plugin, Map<String, String> env) {
  public static final String AGENT = "agent";
  public static final String REPOSITORY = "repository";
  public static final String PLUGIN = "plugin";

  public Hook {
    env = Map.copyOf(env);
  }

  /** An agent or repository hook. */
  public Hook(String name, String scope, Path file) {
    this(name, scope, file, "", Map.of());
  }

  /** The section header the job log shows before the hook runs. */
  public String header() {
    String who = plugin.isEmpty() ? scope : scope + " " + plugin;
    return "~~~ Running " + who + " " + name + " hook";
  }
}
