package dev.cairn.core.access;

import java.util.List;

/**
 * What an agent says about itself when it registers. {@code tags} are {@code key=value}; {@code
 * ignoreInDispatches} is true for agents that only acquire a named job; a higher {@code priority}
 * is handed work first.
 */
public record AgentRegistration(
    String name,
    String hostname,
    String version,
    List<String> tags,
    boolean ignoreInDispatches,
    int priority) {
  public AgentRegistration {
    tags = List.copyOf(tags);
  }

  /** A registration of the default priority, 0. */
  public AgentRegistration(
      String name, String hostname, String version, List<String> tags, boolean ignoreInDispatches) {
    this(name, hostname, version, tags, ignoreInDispatches, 0);
  }
}
