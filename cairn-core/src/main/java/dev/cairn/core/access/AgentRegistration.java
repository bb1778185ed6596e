package dev.cairn.core.access;

import java.util.List;

/**
 * What an agent says about itself when it registers. {@code tags} are {@code key=value}; {@code
 * ignoreInDispatches} is true for agents that only acquire a named job.
 */
public record AgentRegistration(
    String name, String hostname, String version, List<String> tags, boolean ignoreInDispatches) {
  public AgentRegistration {
    tags = List.copyOf(tags);
  }
}
