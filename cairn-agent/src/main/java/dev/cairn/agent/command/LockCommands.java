package dev.cairn.agent.command;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

/**
 * {@code lock get|acquire|release|do|done} (spec §4.9): machine-scope locks between jobs on one
 * host, through {@link MachineLocks}. {@code acquire} and {@code do} poll every {@value #POLL_MS}
 * ms until they succeed or {@code --lock-wait-timeout} passes (zero waits as long as the job runs,
 * as in the official agent). {@code acquire} prints a token that {@code release} needs.
 */
public final class LockCommands {
  static final long POLL_MS = 100;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final CommandIo io;
  private final MachineLocks locks;

  public LockCommands(CommandIo io) throws CommandException {
    this.io = io;
    this.locks = MachineLocks.forEnvironment(io.env());
  }

  public int get(String key) throws CommandException {
    requireKey(key);
    io.out().println(locks.get(key));
    return 0;
  }

  public int acquire(String key, Duration waitTimeout)
      throws CommandException, InterruptedException {
    requireKey(key);
    byte[] otp = new byte[16];
    RANDOM.nextBytes(otp);
    String token =
        "acquired(pid="
            + ProcessHandle.current().pid()
            + ",otp="
            + HexFormat.of().formatHex(otp)
            + ")";
    long deadline = System.nanoTime() + waitTimeout.toNanos();
    while (!locks.swap(key, "", token).swapped()) {
      if (!waitTimeout.isZero() && System.nanoTime() > deadline) {
        throw CommandException.failed(
            "lock \"" + key + "\" still held after " + waitTimeout.toMillis() + " ms", null);
      }
      Thread.sleep(POLL_MS);
    }
    io.out().println(token);
    return 0;
  }

  public int release(String key, String token) throws CommandException {
    requireKey(key);
    if (token == null || token.isBlank()) {
      throw CommandException.usage("lock release: the token printed by lock acquire is required");
    }
    if (!locks.swap(key, token, "").swapped()) {
      throw CommandException.failed(
          "lock \"" + key + "\" is not held with that token (already released?)", null);
    }
    return 0;
  }

  /**
   * Prints {@code do} when this caller should do the work (the lock becomes {@code doing}), or
   * waits until another caller marks it {@code done} and prints {@code done}.
   */
  public int doOnce(String key, Duration waitTimeout)
      throws CommandException, InterruptedException {
    requireKey(key);
    long deadline = System.nanoTime() + waitTimeout.toNanos();
    while (true) {
      MachineLocks.Swap swap = locks.swap(key, "", "doing");
      if (swap.swapped()) {
        io.out().println("do");
        return 0;
      }
      if (swap.value().equals("done")) {
        io.out().println("done");
        return 0;
      }
      if (!waitTimeout.isZero() && System.nanoTime() > deadline) {
        throw CommandException.failed(
            "lock \"" + key + "\" not done after " + waitTimeout.toMillis() + " ms", null);
      }
      Thread.sleep(POLL_MS);
    }
  }

  public int done(String key) throws CommandException {
    requireKey(key);
    if (!locks.swap(key, "doing", "done").swapped()) {
      throw CommandException.failed(
          "lock \"" + key + "\" is not being done (call lock do first)", null);
    }
    return 0;
  }

  private static void requireKey(String key) throws CommandException {
    if (key == null || key.isBlank()) {
      throw CommandException.usage("a lock key is required");
    }
  }
}
