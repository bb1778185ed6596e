package dev.cairn.core.orchestrate;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Lets one command at a time read, judge and write a given build within this process, so that
 * commands arriving together on one build (a 500-job build with four agents sends several a
 * millisecond) queue for a moment instead of judging the same state, losing the version check to
 * one another and judging again from a reload. A command that lost used to cost a failed write
 * transaction and a reload of the whole build, a quarter of the time on busy builds.
 *
 * <p>Only for a database with a single server ({@link #perBuild}): where servers share PostgreSQL,
 * the dispatcher runs its command inside a transaction holding the build's row, and a command
 * holding this lock while waiting for that row would deadlock with it; there the version check
 * alone decides ({@link #none}). Builds share a fixed set of locks by hash, which keeps memory
 * constant; two builds sharing one merely queue. Thread-safe.
 */
public final class BuildLocks {
  private static final int STRIPES = 64;

  private final ReentrantLock[] stripes;

  private BuildLocks(int stripes) {
    this.stripes = new ReentrantLock[stripes];
    for (int i = 0; i < stripes; i++) {
      this.stripes[i] = new ReentrantLock();
    }
  }

  /** One command at a time per build. */
  public static BuildLocks perBuild() {
    return new BuildLocks(STRIPES);
  }

  /** No lock: concurrent commands race, and the store's version check settles them. */
  public static BuildLocks none() {
    return new BuildLocks(0);
  }

  /** Runs {@code body} holding {@code buildId}'s lock, if this has locks. */
  <T> T holding(String buildId, Supplier<T> body) {
    if (stripes.length == 0) {
      return body.get();
    }
    ReentrantLock lock = stripes[Math.floorMod(buildId.hashCode(), stripes.length)];
    lock.lock();
    try {
      return body.get();
    } finally {
      lock.unlock();
    }
  }
}
