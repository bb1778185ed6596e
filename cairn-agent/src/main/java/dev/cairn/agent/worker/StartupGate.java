package dev.cairn.agent.worker;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Where workers wait between register and connect while the {@code agent-startup} hooks run (spec
 * §2.6): the official agent registers all its agents, runs the hook with their ids and names, and
 * only then connects them ({@code clicommand/agent_start.go}). Each worker arrives once, registered
 * or not (it failed, or was stopped first); the agent waits for every arrival, runs the hooks, then
 * opens the gate to let them connect, or not if a hook failed. A gate made {@link #open} lets
 * workers through at once: with no startup hook, nothing waits. Either way it records who
 * registered, for the hooks. Thread-safe.
 */
public final class StartupGate {
  /** One registered worker: its spawn number, and the id and name the server gave it. */
  public record Registered(int spawn, String id, String name) {}

  private final CountDownLatch arrivals;
  private final CountDownLatch decided = new CountDownLatch(1);
  private final List<Registered> registered = new ArrayList<>();
  private volatile boolean connect;

  private StartupGate(int workers, boolean open) {
    this.arrivals = new CountDownLatch(workers);
    if (open) {
      open(true);
    }
  }

  /** A gate for {@code workers} that holds each one until {@link #open(boolean)} is called. */
  public static StartupGate closed(int workers) {
    return new StartupGate(workers, false);
  }

  /** A gate for {@code workers} that holds nobody. */
  public static StartupGate open(int workers) {
    return new StartupGate(workers, true);
  }

  void arrived(Registered worker) {
    synchronized (registered) {
      registered.add(worker);
    }
    arrivals.countDown();
  }

  void arrivedUnregistered() {
    arrivals.countDown();
  }

  /** Whether the worker may connect; waits until the gate is opened. */
  boolean awaitOpen() throws InterruptedException {
    decided.await();
    return connect;
  }

  /** Waits until every worker has arrived, and returns those that registered, by spawn number. */
  public List<Registered> awaitArrivals() throws InterruptedException {
    arrivals.await();
    return registrations();
  }

  /** The workers that registered so far, by spawn number. */
  public List<Registered> registrations() {
    synchronized (registered) {
      return registered.stream().sorted(Comparator.comparingInt(Registered::spawn)).toList();
    }
  }

  /**
   * Lets waiting workers through: to connect ({@code true}) or to end without connecting. Only the
   * first call counts.
   */
  public synchronized void open(boolean connect) {
    if (decided.getCount() > 0) {
      this.connect = connect;
      decided.countDown();
    }
  }
}
