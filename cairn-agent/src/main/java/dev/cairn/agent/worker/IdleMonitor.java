package dev.cairn.agent.worker;

import dev.cairn.agent.api.Timing;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --disconnect-after-idle-timeout} across all spawned workers (spec §2.4): the agent stops
 * once every worker has been idle, or has ended, for the timeout. A worker running a job or paused
 * by the server is busy, and so is one still registering: a worker is idle from the time it says so
 * (connected and waiting for work, or ended). Checked every second (or every timeout, when shorter)
 * on one thread that ends when it fires or is interrupted. Thread-safe.
 */
public final class IdleMonitor {
  private static final Logger LOG = LoggerFactory.getLogger(IdleMonitor.class);
  private static final Duration CHECK_EVERY = Duration.ofSeconds(1);

  private final Duration timeout;
  private final Timing timing;
  private final Map<Integer, Instant> idleSince = new HashMap<>();
  private final Map<Integer, Boolean> busy = new HashMap<>();

  /** A monitor that only records ({@link #start} refuses): for agents without the timeout. */
  public static IdleMonitor disabled() {
    return new IdleMonitor(Duration.ZERO, Timing.system());
  }

  /** {@code timeout} zero means the monitor only records; see {@link #disabled()}. */
  public IdleMonitor(Duration timeout, Timing timing) {
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("the idle timeout must not be negative, got " + timeout);
    }
    this.timeout = timeout;
    this.timing = timing;
  }

  /** Worker {@code spawn} is running a job or is paused. */
  public synchronized void busy(int spawn) {
    busy.put(spawn, true);
  }

  /** Worker {@code spawn} waits for work (or has ended) from now on. */
  public synchronized void idle(int spawn) {
    if (Boolean.TRUE.equals(busy.put(spawn, false)) || !idleSince.containsKey(spawn)) {
      idleSince.put(spawn, timing.clock().instant());
    }
  }

  /** True when every one of {@code workers} has been idle for the timeout. */
  synchronized boolean allIdle(int workers) {
    Instant now = timing.clock().instant();
    for (int spawn = 1; spawn <= workers; spawn++) {
      if (Boolean.TRUE.equals(busy.get(spawn))) {
        return false;
      }
      Instant since = idleSince.get(spawn);
      if (since == null || Duration.between(since, now).compareTo(timeout) < 0) {
        return false;
      }
    }
    return true;
  }

  /** Starts the check; {@code onIdle} runs once, when all {@code workers} are idle long enough. */
  public Thread start(int workers, Runnable onIdle) {
    if (timeout.isZero()) {
      throw new IllegalStateException("this idle monitor is disabled");
    }
    Duration every = timeout.compareTo(CHECK_EVERY) < 0 ? timeout : CHECK_EVERY;
    return Thread.ofVirtual()
        .name("cairn-agent-idle-monitor")
        .start(() -> {
          try {
            while (!allIdle(workers)) {
              timing.sleep(every);
            }
            LOG.info("all agents idle for {}; disconnecting", timeout);
            onIdle.run();
          } catch (InterruptedException e) {
            // The agent ended first.
          }
        });
  }
}
