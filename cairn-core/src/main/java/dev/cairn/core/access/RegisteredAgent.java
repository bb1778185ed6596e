package dev.cairn.core.access;

import dev.cairn.core.agent.AgentRecord;

/** A newly registered agent and its access token, which is shown this once and never stored. */
public record RegisteredAgent(AgentRecord agent, String accessToken) {
  @Override
  public String toString() {
    return "RegisteredAgent[agent=" + agent.id() + ", accessToken=***]";
  }
}
