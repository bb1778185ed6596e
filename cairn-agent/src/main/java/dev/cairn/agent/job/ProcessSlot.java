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
 * reaches whichever is running: it gets the cancel signal and, after the signal grace period,
 * SIGKILL.
 *
 * <p>Design note (spec §6 and §9.1): once cancelled, ordinary steps no longer start, but clean-up
 * steps (post-command, the artifact phase, pre-exit) still may during the grace window, which ends
 * the cancel grace period after the cancellation (or the signal grace period, if longer). A
 * clean-up child still running at the end of the window is SIGKILLed with its process group; after
 * the window nothing starts. Thread-safe.
 */
final class ProcessSlot {
  private final Signal cancelSignal;
  private final Duration signalGrace;
  private final Duration window;
  private final boolean rawTerminal;
  private ChildProcess current;
  private ChildProcess interrupted;
  private long windowEndsNanos;
  private boolean cancelled;
  private Signal lastSignal;

  /**
   * @param rawTerminal whether children on a terminal get it in raw mode ({@code --experiment
   *     pty-raw})
   */
  ProcessSlot(
      Signal cancelSignal, Duration signalGrace, Duration cancelGrace, boolean rawTerminal) {
    this.rawTerminal = rawTerminal;
    this.cancelSignal = cancelSignal;
    this.signalGrace = signalGrace;
    this.window = cancelGrace.compareTo(signalGrace) > 0 ? cancelGrace : signalGrace;
  }

  /**
   * Starts a child, or returns empty if the job was cancelled already (for a {@code cleanup} step:
   * if the grace window is over).
   *
   * @param onTerminal whether it runs on a pseudo-terminal of its own (else on pipes)
   * @throws dev.cairn.agent.process.PseudoTerminal.Unavailable if it should run on a terminal and
   *     none can be opened
   * @throws IOException if the program cannot be started
   */
  synchronized Optional<ChildProcess> start(
      List<String> command, Path dir, Map<String, String> env, boolean cleanup, boolean onTerminal)
      throws IOException {
    if (cancelled && (!cleanup || remainingNanos() <= 0)) {
      return Optional.empty();
    }
    current =
        onTerminal
            ? ChildProcess.startOnTerminal(command, dir, env, rawTerminal)
            : ChildProcess.start(command, dir, env);
    if (cancelled) {
      killAtWindowEnd(current);
    }
    return Optional.of(current);
  }

  synchronized void finished(ChildProcess child) {
    if (child == interrupted) {
      child.lastSignal().ifPresent(s -> lastSignal = s);
    }
    if (current == child) {
      current = null;
    }
  }

  /**
   * Stops the running child (on a thread of its own), opens the grace window and refuses anything
   * but clean-up steps from now on.
   */
  void cancel() {
    ChildProcess child;
    synchronized (this) {
      if (cancelled) {
        return;
      }
      cancelled = true;
      windowEndsNanos = System.nanoTime() + window.toNanos();
      child = current;
      interrupted = child;
    }
    if (child != null) {
      Thread.ofVirtual()
          .name("cairn-terminate-" + child.pid())
          .start(() -> {
            try {
              child.terminate(cancelSignal, signalGrace);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
    }
  }

  private void killAtWindowEnd(ChildProcess child) {
    Duration left = Duration.ofNanos(Math.max(0, remainingNanos()));
    Thread.ofVirtual()
        .name("cairn-grace-" + child.pid())
        .start(() -> {
          try {
            child.terminate(Signal.SIGKILL, left, Duration.ZERO);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
  }

  private long remainingNanos() {
    return windowEndsNanos - System.nanoTime();
  }

  synchronized boolean cancelled() {
    return cancelled;
  }

  /** The last signal the agent sent to the child that was running when the job was cancelled. */
  synchronized Optional<Signal> lastSignal() {
    return Optional.ofNullable(lastSignal);
  }
}
