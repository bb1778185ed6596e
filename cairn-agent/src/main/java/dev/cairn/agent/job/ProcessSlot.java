package dev.cairn.agent.job;

import dev.cairn.agent.process.ChildProcess;
import dev.cairn.agent.process.Signal;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one child process a job runs at a time (a hook, the checkout, the command), so a cancellation
 * reaches whichever is running: it gets the cancel signal and, after the grace period, SIGKILL;
 * once cancelled, nothing new starts. Thread-safe.
 */
final class ProcessSlot {
  private final Signal cancelSignal;
  private final Duration grace;
  private ChildProcess current;
  private boolean cancelled;
  private Signal lastSignal;

  ProcessSlot(Signal cancelSignal, Duration grace) {
    this.cancelSignal = cancelSignal;
    this.grace = grace;
  }

  /**
   * Starts a child, or returns empty if the job was cancelled already.
   *
   * @throws IOException if the program cannot be started
   */
  synchronized Optional<ChildProcess> start(List<String> command, Path dir, Map<String, String> env)
      throws IOException {
    if (cancelled) {
      return Optional.empty();
    }
    current = ChildProcess.start(command, dir, env);
    return Optional.of(current);
  }

  synchronized void finished(ChildProcess child) {
    child.lastSignal().ifPresent(s -> lastSignal = s);
    if (current == child) {
      current = null;
    }
  }

  /** Stops the running child (on a thread of its own) and anything that would start later. */
  void cancel() {
    ChildProcess child;
    synchronized (this) {
      if (cancelled) {
        return;
      }
      cancelled = true;
      child = current;
    }
    if (child != null) {
      Thread.ofVirtual()
          .name("cairn-terminate-" + child.pid())
          .start(() -> {
            try {
              child.terminate(cancelSignal, grace);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
    }
  }

  synchronized boolean cancelled() {
    return cancelled;
  }

  /** The last signal the agent sent to any of the job's children. */
  synchronized Optional<Signal> lastSignal() {
    return Optional.ofNullable(lastSignal);
  }
}
