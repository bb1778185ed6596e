package dev.cairn.agent.command;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Machine-scope lock values shared by every job of every agent process on the host (spec §4.9).
 *
 * <p>Design note: the official agent keeps these values in a leader agent process reached over a
 * socket; here each key is a small file in one directory ({@code <sockets path>/locks}, the sockets
 * path being {@code BUILDKITE_SOCKETS_PATH} or {@code $HOME/.buildkite-agent/sockets} as in the
 * official agent), and compare-and-swap holds an exclusive OS file lock ({@code fcntl}) while it
 * reads and rewrites the file. That needs no server, works across agent processes and survives an
 * agent restart; a value left by a job that died stays until released, as with the official leader.
 * File names are SHA-256 of the key, so any key is safe.
 */
final class MachineLocks {
  /** The JVM allows one OS lock per file per process, so threads of one process take turns. */
  private static final Object IN_PROCESS = new Object();

  private final Path dir;

  MachineLocks(Path dir) {
    this.dir = dir;
  }

  /** The locks directory for a job's environment. */
  static MachineLocks forEnvironment(Map<String, String> env) throws CommandException {
    String sockets = env.get("BUILDKITE_SOCKETS_PATH");
    if (sockets == null || sockets.isBlank()) {
      String home = env.get("HOME");
      if (home == null || home.isBlank()) {
        throw CommandException.usage("neither BUILDKITE_SOCKETS_PATH nor HOME is set");
      }
      sockets = Path.of(home, ".buildkite-agent", "sockets").toString();
    }
    return new MachineLocks(Path.of(sockets, "locks"));
  }

  /** The current value of {@code key}, empty when unset. */
  String get(String key) throws CommandException {
    return swap(key, null, null).value();
  }

  /** The value after a compare-and-swap, and whether it swapped. */
  record Swap(String value, boolean swapped) {}

  /**
   * Sets {@code key} to {@code next} if its value is {@code expected}; with a null {@code expected}
   * only reads.
   */
  Swap swap(String key, String expected, String next) throws CommandException {
    Path file = dir.resolve(fileName(key));
    synchronized (IN_PROCESS) {
      return swap(file, expected, next);
    }
  }

  private Swap swap(Path file, String expected, String next) throws CommandException {
    try {
      Files.createDirectories(dir);
      try (FileChannel channel =
              FileChannel.open(
                  file,
                  StandardOpenOption.CREATE,
                  StandardOpenOption.READ,
                  StandardOpenOption.WRITE);
          FileLock lock = channel.lock()) {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(channel.size(), 64 * 1024));
        channel.read(buffer, 0);
        String current = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        if (expected == null || !expected.equals(current)) {
          return new Swap(current, false);
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(next.getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
        return new Swap(next, true);
      }
    } catch (IOException e) {
      throw CommandException.failed("cannot use the lock file " + file + ": " + e.getMessage(), e);
    }
  }

  private static String fileName(String key) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash) + ".lock";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
