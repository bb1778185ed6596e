package dev.cairn.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The whole machine's CPU time from Linux's {@code /proc/stat}: every process's (the server's and
 * agent's JVM, and the shells and programs the jobs start) and the kernel's work for them. Its
 * difference from this process's own CPU time is what running the jobs cost outside the JVM.
 */
record MachineCpu(long busyTicks, long idleTicks) {
  /**
   * Linux's clock ticks per second for {@code /proc/stat} (USER_HZ), 100 on every mainstream port.
   */
  private static final double TICKS_PER_SECOND = 100;

  /** A snapshot, or nothing where there is no {@code /proc/stat}. */
  static Optional<MachineCpu> now() {
    try {
      String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
      // cpu user nice system idle iowait irq softirq steal ...
      String[] fields = first.trim().split("\\s+", -1);
      long busy = 0;
      long idle = 0;
      for (int i = 1; i < fields.length && i <= 8; i++) {
        long ticks = Long.parseLong(fields[i]);
        if (i == 4 || i == 5) {
          idle += ticks;
        } else {
          busy += ticks;
        }
      }
      return Optional.of(new MachineCpu(busy, idle));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Nanoseconds of busy CPU on the whole machine since {@code before}. */
  long busyNanosSince(MachineCpu before) {
    return (long) ((busyTicks - before.busyTicks) / TICKS_PER_SECOND * 1e9);
  }

  /** The share of the machine's CPU time that was idle since {@code before}, 0 to 1. */
  double idleShareSince(MachineCpu before) {
    long busy = busyTicks - before.busyTicks;
    long idle = idleTicks - before.idleTicks;
    return busy + idle == 0 ? 0 : idle / (double) (busy + idle);
  }
}
