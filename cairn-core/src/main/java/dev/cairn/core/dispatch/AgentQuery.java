package dev.cairn.core.dispatch;

import java.util.Map;

/**
 * Buildkite's agent query rules: a job's {@code agents} map must be matched by the agent's tags. A
 * job without a {@code queue} rule goes to the {@code default} queue, and an agent without a {@code
 * queue} tag serves the {@code default} queue. A rule value of {@code *} matches any value of that
 * tag.
 */
public final class AgentQuery {
  static final String QUEUE = "queue";
  static final String DEFAULT_QUEUE = "default";

  private AgentQuery() {}

  public static boolean matches(Map<String, String> query, Map<String, String> agentTags) {
    String wantedQueue = query.getOrDefault(QUEUE, DEFAULT_QUEUE);
    if (!wantedQueue.equals(agentTags.getOrDefault(QUEUE, DEFAULT_QUEUE))) {
      return false;
    }
    for (Map.Entry<String, String> rule : query.entrySet()) {
      if (rule.getKey().equals(QUEUE)) {
        continue;
      }
      String tag = agentTags.get(rule.getKey());
      if (tag == null || !(rule.getValue().equals("*") || rule.getValue().equals(tag))) {
        return false;
      }
    }
    return true;
  }
}
