package dev.cairn.agent.log;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The secret values a job's log must never show (spec §10.2): the values of environment variables
 * whose names match the redacted-vars globs (default {@link #DEFAULT_PATTERNS}, or {@code
 * BUILDKITE_REDACTED_VARS}), plus values added explicitly. Values shorter than {@value #MIN_LENGTH}
 * bytes are ignored, as the official agent does, since redacting them would mangle ordinary output.
 * Immutable and thread-safe; {@link RedactingOutputStream} applies it to a stream. {@link
 * #toString()} never shows a value.
 */
public final class Redactor {
  /** The official agent's default {@code --redacted-vars}. */
  public static final List<String> DEFAULT_PATTERNS =
      List.of(
          "*_PASSWORD",
          "*_SECRET",
          "*_TOKEN",
          "*_PRIVATE_KEY",
          "*_SSH_KEY",
          "*_ACCESS_KEY",
          "*_SECRET_KEY",
          "*_CONNECTION_STRING",
          "*_API_KEY");

  public static final int MIN_LENGTH = 6;
  static final byte[] REPLACEMENT = "[REDACTED]".getBytes(StandardCharsets.US_ASCII);
  public static final Redactor NONE = new Redactor(new TreeMap<>());

  /** Value → the name it came from (for messages), sorted so output is stable. */
  private final Map<String, String> values;

  private final byte[][] needles;
  private final boolean[] firstBytes = new boolean[256];

  /**
   * One bit per pair of leading bytes of some value: a log of digits or of one repeated letter
   * would otherwise send nearly every byte to a full comparison when a value starts with it.
   */
  private final long[] firstPairs = new long[65536 / 64];

  private Redactor(Map<String, String> values) {
    this.values = values;
    this.needles =
        values.keySet().stream()
            .map(v -> v.getBytes(StandardCharsets.UTF_8))
            .sorted((a, b) -> Integer.compare(b.length, a.length))
            .toArray(byte[][]::new);
    for (byte[] needle : needles) {
      firstBytes[needle[0] & 0xff] = true;
      int pair = pair(needle[0], needle[1]);
      firstPairs[pair >>> 6] |= 1L << pair;
    }
  }

  /** The redacted-vars globs: {@code BUILDKITE_REDACTED_VARS} (comma separated) or the defaults. */
  public static List<String> patterns(Map<String, String> env) {
    String given = env.get("BUILDKITE_REDACTED_VARS");
    if (given == null || given.isBlank()) {
      return DEFAULT_PATTERNS;
    }
    return Arrays.stream(given.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  /** The values of every variable of {@code env} whose name matches one of {@code patterns}. */
  public static Redactor fromEnvironment(Map<String, String> env, List<String> patterns) {
    NamePatterns names = NamePatterns.of(patterns);
    Map<String, String> values = new TreeMap<>();
    env.forEach((name, value) -> {
      if (value != null && names.matches(name)) {
        add(values, name, value);
      }
    });
    return new Redactor(values);
  }

  /** This redactor plus {@code extra} values (secrets fetched later, tokens). */
  public Redactor with(Collection<String> extra) {
    if (extra.isEmpty()) {
      return this;
    }
    Map<String, String> all = new TreeMap<>(values);
    extra.forEach(v -> add(all, "a secret", v));
    return new Redactor(all);
  }

  private static void add(Map<String, String> values, String name, String value) {
    String trimmed = value.strip();
    if (trimmed.getBytes(StandardCharsets.UTF_8).length >= MIN_LENGTH) {
      values.putIfAbsent(trimmed, name);
    }
  }

  /** The names of the variables whose values appear in {@code text}, sorted. */
  public List<String> namesFoundIn(String text) {
    List<String> names = new ArrayList<>();
    values.forEach((value, name) -> {
      if (text.contains(value) && !names.contains(name)) {
        names.add(name);
      }
    });
    return names.stream().sorted().toList();
  }

  /** {@code text} with every value replaced by {@code [REDACTED]}, longest values first. */
  public String redact(String text) {
    String result = text;
    for (byte[] needle : needles) {
      result = result.replace(new String(needle, StandardCharsets.UTF_8), "[REDACTED]");
    }
    return result;
  }

  public boolean isEmpty() {
    return needles.length == 0;
  }

  byte[][] needles() {
    return needles;
  }

  /**
   * Whether a value may start at {@code data[at]}, judged by its first byte and, when {@code to}
   * leaves room, its second (every value has at least {@value #MIN_LENGTH} bytes).
   */
  boolean mayStartAt(byte[] data, int at, int to) {
    if (!firstBytes[data[at] & 0xff]) {
      return false;
    }
    if (at + 1 >= to) {
      return true;
    }
    int pair = pair(data[at], data[at + 1]);
    return (firstPairs[pair >>> 6] & (1L << pair)) != 0;
  }

  private static int pair(byte first, byte second) {
    return (first & 0xff) << 8 | (second & 0xff);
  }

  /**
   * Whether all of {@code name} matches {@code glob}, in which {@code *} stands for any run of
   * characters and {@code ?} for any one. Compiling each glob to a regular expression every time
   * was a tenth of a trivial job's agent-side work; {@link NamePatterns} calls this only for globs
   * that are not a plain name or suffix.
   */
  static boolean globMatches(String glob, String name) {
    int g = 0;
    int n = 0;
    int star = -1;
    int resume = 0;
    while (n < name.length()) {
      if (g < glob.length() && glob.charAt(g) == '*') {
        star = g++;
        resume = n;
      } else if (g < glob.length() && (glob.charAt(g) == '?' || glob.charAt(g) == name.charAt(n))) {
        g++;
        n++;
      } else if (star >= 0) {
        g = star + 1;
        n = ++resume;
      } else {
        return false;
      }
    }
    while (g < glob.length() && glob.charAt(g) == '*') {
      g++;
    }
    return g == glob.length();
  }

  @Override
  public String toString() {
    return "Redactor[" + needles.length + " values]";
  }
}
