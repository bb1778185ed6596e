package dev.cairn.agent.log;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The redacted-vars globs of one agent, compiled: names that must match exactly, suffixes (a glob
 * of one leading {@code *}, as every default is) and the other globs, and a memo of the names
 * already judged. A job's environment is judged whenever it changes (at the start, when the job API
 * comes up, after each hook), and its names are mostly the same {@code BUILDKITE_*} ones from job
 * to job: judging each against every glob, several times a job, was about 5% of the agent's and
 * server's CPU time on trivial jobs (bench/run.sh throughput). Thread-safe.
 */
final class NamePatterns {
  /**
   * Names remembered at most: a job's environment is about a hundred names, and a pipeline that
   * names its variables anew for each build must not grow the memo without end.
   */
  private static final int MEMO_LIMIT = 4096;

  /** The patterns of each list seen, since every job of an agent comes with the same list. */
  private static final Map<List<String>, NamePatterns> COMPILED = new ConcurrentHashMap<>();

  /** Lists kept at most: an agent has one, in-job commands read one each from their env. */
  private static final int COMPILED_LIMIT = 64;

  private final Set<String> exact = new HashSet<>();
  private final List<String> suffixes = new ArrayList<>();
  private final List<String> globs = new ArrayList<>();
  private final Map<String, Boolean> judged = new ConcurrentHashMap<>();

  private NamePatterns(List<String> patterns) {
    for (String glob : patterns) {
      boolean wild = glob.indexOf('?') >= 0 || glob.lastIndexOf('*') > 0;
      if (wild) {
        globs.add(glob);
      } else if (glob.startsWith("*")) {
        suffixes.add(glob.substring(1));
      } else {
        exact.add(glob);
      }
    }
  }

  /** The compiled form of {@code patterns}, made once per distinct list. */
  static NamePatterns of(List<String> patterns) {
    NamePatterns known = COMPILED.get(patterns);
    if (known != null) {
      return known;
    }
    List<String> key = List.copyOf(patterns);
    NamePatterns made = new NamePatterns(key);
    if (COMPILED.size() < COMPILED_LIMIT) {
      COMPILED.putIfAbsent(key, made);
    }
    return made;
  }

  /** Whether all of {@code name} matches one of the globs. */
  boolean matches(String name) {
    Boolean known = judged.get(name);
    if (known != null) {
      return known;
    }
    boolean matches = judge(name);
    if (judged.size() < MEMO_LIMIT) {
      judged.put(name, matches);
    }
    return matches;
  }

  private boolean judge(String name) {
    if (exact.contains(name)) {
      return true;
    }
    for (String suffix : suffixes) {
      if (name.endsWith(suffix)) {
        return true;
      }
    }
    for (String glob : globs) {
      if (Redactor.globMatches(glob, name)) {
        return true;
      }
    }
    return false;
  }
}
