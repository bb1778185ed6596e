package dev.cairn.agent.api;

import java.time.Duration;

/** Waits; injected so retry and pacing delays are observable in tests without sleeping. */
@FunctionalInterface
public interface Sleeper {
  Sleeper SYSTEM = Thread::sleep;

  void sleep(Duration duration) throws InterruptedException;
}
