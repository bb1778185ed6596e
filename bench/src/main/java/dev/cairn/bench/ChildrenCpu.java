package dev.cairn.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The CPU time of this process's children that it has reaped, from Linux's {@code /proc/self/stat}
 * (cutime and cstime): the user and kernel time of the processes the agent started for the jobs
 * (and of what those waited for), measured by the kernel for them alone, so other work on a shared
 * machine does not blur it as it blurs the whole machine's figure.
 */
record ChildrenCpu(long ticks) {
  /** Linux's clock ticks per second for {@code /proc} (USER_HZ), 100 on every mainstream port. */
  private static final double TICKS_PER_SECOND = 100;

  /** A snapshot, or nothing where there is no {@code /proc/self/stat}. */
  static Optional<ChildrenCpu> now() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      // pid (comm) state ppid ... : after the comm's closing parenthesis, field 3 comes first,
      // so cutime (field 16) and cstime (field 17) are at 13 and 14.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+", -1);
      return Optional.of(new ChildrenCpu(Long.parseLong(fields[13]) + Long.parseLong(fields[14])));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Nanoseconds of reaped children's CPU time since {@code before}. */
  long nanosSince(ChildrenCpu before) {
    return (long) ((ticks - before.ticks) / TICKS_PER_SECOND * 1e9);
  }
}
