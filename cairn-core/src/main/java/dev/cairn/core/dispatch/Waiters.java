package dev.cairn.core.dispatch;

import dev.cairn.core.agent.AgentRecord;
import dev.cairn.core.port.BuildStore.RunnableJob;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agents waiting in a {@link Dispatcher} right now, for priority: a look passes over a job that
 * a waiting agent of higher priority matches, and marks that agent so that when it stops waiting
 * the others are woken to look again (it may have left without the job). Thread-safe.
 */
final class Waiters {
  private final Set<Waiter> waiting = ConcurrentHashMap.newKeySet();

  /** One waiting ping. Identity matters: an agent may have two pings open (a retried one). */
  static final class Waiter {
    private final AgentRecord agent;
    private volatile boolean passedOver;
    private volatile boolean closed;

    private Waiter(AgentRecord agent) {
      this.agent = agent;
    }
  }

  Waiter enter(AgentRecord agent) {
    Waiter waiter = new Waiter(agent);
    waiting.add(waiter);
    return waiter;
  }

  /** Ends a wait; true if another agent passed over a job for this one (wake them). */
  boolean leave(Waiter waiter) {
    waiting.remove(waiter);
    return waiter.passedOver;
  }

  /** Ends the waits of {@code agentId} (it disconnected); true if it had any. */
  boolean close(String agentId) {
    boolean any = false;
    for (Waiter waiter : waiting) {
      if (waiter.agent.id().equals(agentId)) {
        waiter.closed = true;
        any = true;
      }
    }
    return any;
  }

  /** True once the waiter's agent disconnected: it must not be given a job. */
  static boolean closed(Waiter waiter) {
    return waiter != null && waiter.closed;
  }

  int size() {
    return waiting.size();
  }

  /** The waiting agents that rank above {@code agent}; usually none (equal priorities). */
  List<Waiter> outranking(AgentRecord agent, Waiter self) {
    return waiting.stream()
        .filter(w -> w != self && !w.agent.id().equals(agent.id()))
        .filter(w -> w.agent.priority() > agent.priority() && !w.agent.ignoreInDispatches())
        .toList();
  }

  /** True if one of {@code outranking} matches {@code candidate}; that one is marked. */
  static boolean passOver(RunnableJob candidate, List<Waiter> outranking) {
    for (Waiter waiter : outranking) {
      if (AgentQuery.matches(candidate.agentQuery(), waiter.agent.tags())) {
        waiter.passedOver = true;
        return true;
      }
    }
    return false;
  }
}
