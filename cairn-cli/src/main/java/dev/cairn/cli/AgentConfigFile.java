package dev.cairn.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The official agent's configuration file ({@code buildkite-agent.cfg}): one {@code key="value"} a
 * line (also {@code key=value}, {@code key: value}, {@code export key=value}), blank lines and
 * {@code #} comments ignored, a {@code #} inside quotes kept, {@code \"} and {@code \n} unescaped
 * in quoted values. Each value remembers its line, so a bad value is reported as {@code file:line}.
 * Immutable.
 */
record AgentConfigFile(Path path, Map<String, Entry> entries) {
  /** Where the official agent looks when neither {@code --config} nor the env var is given. */
  static final List<String> DEFAULT_PATHS =
      List.of(
          "$HOME/.buildkite-agent/buildkite-agent.cfg",
          "/usr/local/etc/buildkite-agent/buildkite-agent.cfg",
          "/etc/buildkite-agent/buildkite-agent.cfg");

  static final String FILE_NAME = "buildkite-agent.cfg";

  /** One setting: its value and the 1-based line it came from. */
  record Entry(String value, int line) {}

  AgentConfigFile {
    entries = Map.copyOf(entries);
  }

  /** Where an entry came from, for messages: {@code /etc/x.cfg:3}. */
  String origin(Entry entry) {
    return path + ":" + entry.line();
  }

  /**
   * The file at {@code path}, or {@code buildkite-agent.cfg} inside it when it is a directory.
   *
   * @throws IllegalArgumentException naming the file and line of a line that is not a setting
   */
  static AgentConfigFile load(Path path) throws IOException {
    Path file = Files.isDirectory(path) ? path.resolve(FILE_NAME) : path;
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int number = i + 1;
      String[] pair =
          split(stripComment(line))
              .orElseThrow(() ->
                  new IllegalArgumentException(
                      file
                          + ":"
                          + number
                          + ": expected key=\"value\", got '"
                          + lines.get(number - 1).strip()
                          + "'"));
      entries.put(pair[0], new Entry(pair[1], number));
    }
    return new AgentConfigFile(file, entries);
  }

  /** The first of {@link #DEFAULT_PATHS} that exists, with {@code $HOME} from {@code env}. */
  static Optional<Path> defaultPath(Map<String, String> env) {
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    return DEFAULT_PATHS.stream()
        .map(p -> Path.of(p.replace("$HOME", home)))
        .filter(Files::isRegularFile)
        .findFirst();
  }

  /** Drops a {@code #} comment that is outside quotes. */
  static String stripComment(String line) {
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote == 0 && (c == '"' || c == '\'')) {
        quote = c;
      } else if (c == quote && line.charAt(i - 1) != '\\') {
        quote = 0;
      } else if (quote == 0 && c == '#') {
        return line.substring(0, i).strip();
      }
    }
    return line;
  }

  private static Optional<String[]> split(String line) {
    int at = line.indexOf('=');
    if (at < 0) {
      at = line.indexOf(':');
    }
    if (at <= 0) {
      return Optional.empty();
    }
    String key = line.substring(0, at).strip();
    if (key.startsWith("export ")) {
      key = key.substring("export ".length()).strip();
    }
    if (key.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new String[] {key, unquote(line.substring(at + 1).strip())});
  }

  private static String unquote(String value) {
    if (value.length() >= 2) {
      char first = value.charAt(0);
      if ((first == '"' || first == '\'') && value.charAt(value.length() - 1) == first) {
        return value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\n", "\n");
      }
    }
    return value;
  }
}
