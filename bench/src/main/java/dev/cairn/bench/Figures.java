package dev.cairn.bench;

import com.google.errorprone.annotations.FormatMethod;
import com.google.errorprone.annotations.FormatString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Formats the figures the benchmarks print: durations, sizes and the verdict against a target. */
final class Figures {
  private Figures() {}

  static String ms(long nanos) {
    return ms((double) nanos);
  }

  static String ms(double nanos) {
    return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
  }

  static String us(double nanos) {
    return String.format(Locale.ROOT, "%.2f µs", nanos / 1e3);
  }

  static String ns(double nanos) {
    return String.format(Locale.ROOT, "%,.0f ns", nanos);
  }

  static String mb(long bytes) {
    return mb((double) bytes);
  }

  static String mb(double bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** "met" or "MISSED", so a reader scanning the output sees which targets hold. */
  static String verdict(boolean met) {
    return met ? "met" : "MISSED";
  }

  @FormatMethod
  static void line(@FormatString String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
  }

  /**
   * Machine facts every benchmark prints first, since figures mean little without them; the load
   * average says whether other work shared the cores.
   */
  static void header(String name) {
    Runtime rt = Runtime.getRuntime();
    line(
        "== %s  (java %s, %s; %d CPUs; max heap %s; load average %s)",
        name,
        System.getProperty("java.runtime.version"),
        System.getProperty("java.vm.name"),
        rt.availableProcessors(),
        mb(rt.maxMemory()),
        loadAverage());
  }

  /**
   * CPU time this whole process has used so far, in nanoseconds: server, agents and client threads
   * together. Unlike wall time, other load on the shared cores does not inflate it.
   */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** The 1, 5 and 15 minute load averages, or "unknown" off Linux. */
  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ", 4);
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
