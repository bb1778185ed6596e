package dev.cairn.core.access;

import java.util.List;

/** What an agent says about itself when it registers. {@code tags} are {@code key=value}. */
public record AgentRegistration(String name, String hostname, String version, List<String> tags) {
  public AgentRegistration {
    tags = List.copyOf(tags);
  }
}
