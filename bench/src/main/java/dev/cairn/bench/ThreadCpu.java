package dev.cairn.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time of this process split by groups of platform threads, between two snapshots. Virtual
 * threads (the server's request handlers and the agent's workers both run on them) are counted in
 * their carrier threads. What the process used beyond the live Java threads' sum is the JIT
 * compilers' and the garbage collector's (threads the management bean does not list) and that of
 * threads that ended between the snapshots (per-job output pumps, for one).
 */
final class ThreadCpu {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final Map<Long, Long> cpuById = new LinkedHashMap<>();
  private final Map<Long, String> nameById = new LinkedHashMap<>();
  private final long processCpu;
  private final long compileMillis;
  private final long gcMillis;

  private ThreadCpu() {
    processCpu = Figures.processCpuNanos();
    compileMillis = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    long gc = 0;
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      gc += Math.max(0, collector.getCollectionTime());
    }
    gcMillis = gc;
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long cpu = THREADS.getThreadCpuTime(info.getThreadId());
      if (cpu >= 0) {
        cpuById.put(info.getThreadId(), cpu);
        nameById.put(info.getThreadId(), info.getThreadName());
      }
    }
  }

  static ThreadCpu now() {
    return new ThreadCpu();
  }

  /** Nanoseconds by group from {@code before} to this snapshot, total first. */
  Map<String, Long> since(ThreadCpu before) {
    Map<String, Long> groups = new LinkedHashMap<>();
    long total = processCpu - before.processCpu;
    groups.put("total", total);
    long live = 0;
    for (Map.Entry<Long, Long> e : cpuById.entrySet()) {
      long delta = e.getValue() - before.cpuById.getOrDefault(e.getKey(), 0L);
      groups.merge(group(nameById.get(e.getKey())), delta, Long::sum);
      live += delta;
    }
    groups.put(
        "outside live Java threads (JIT, GC, threads that ended)", Math.max(0, total - live));
    // Elapsed, not CPU, time (what the JVM reports): how much of the above the JIT compilers and
    // the collector may be, and whether the JIT still works (then it is not yet steady state).
    groups.put(
        "  of which at most: JIT compiling (elapsed)",
        (compileMillis - before.compileMillis) * 1_000_000);
    groups.put("  of which at most: GC (elapsed)", (gcMillis - before.gcMillis) * 1_000_000);
    return groups;
  }

  private static String group(String name) {
    if (name.startsWith("ForkJoinPool") || name.startsWith("VirtualThread")) {
      return "virtual-thread carriers (server requests + agent workers)";
    }
    if (name.startsWith("main")) {
      return "bench main (build polling client)";
    }
    return "other live threads";
  }
}
