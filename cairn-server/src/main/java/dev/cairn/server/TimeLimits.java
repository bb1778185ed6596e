package dev.cairn.server;

import java.time.Duration;

/**
 * How long the server waits before acting on silence: a scheduled job no agent takes expires after
 * {@code jobExpiry}; an agent with no ping, heartbeat or job call for {@code agentLostAfter} is
 * lost, and the jobs it held end as lost.
 */
public record TimeLimits(Duration jobExpiry, Duration agentLostAfter) {
  public static final TimeLimits DEFAULT =
      new TimeLimits(Duration.ofDays(1), Duration.ofMinutes(10));

  public TimeLimits {
    if (!jobExpiry.isPositive()) {
      throw new IllegalArgumentException("job expiry must be positive, got " + jobExpiry);
    }
    if (!agentLostAfter.isPositive()) {
      throw new IllegalArgumentException("agent-lost time must be positive, got " + agentLostAfter);
    }
  }
}
