package dev.cairn.agent.api;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * Time, waiting and randomness for the agent, injected everywhere a delay or a jitter is computed
 * (house style rule 6). Thread-safe when its parts are; {@link #system()} is ({@link Random} is
 * safe for concurrent use).
 */
public record Timing(InstantSource clock, Sleeper sleeper, RandomGenerator random) {

  public static Timing system() {
    return new Timing(InstantSource.system(), Sleeper.SYSTEM, new Random());
  }

  /** A uniformly random duration in {@code [0, bound)}; zero when {@code bound} is not positive. */
  public Duration jitter(Duration bound) {
    long millis = bound.toMillis();
    return millis <= 0 ? Duration.ZERO : Duration.ofMillis(random.nextLong(millis));
  }

  public void sleep(Duration duration) throws InterruptedException {
    if (duration.isPositive()) {
      sleeper.sleep(duration);
    }
  }
}
