package dev.cairn.pipeline;

import java.util.Map;

/**
 * Expands {@code $VAR} references in one string exactly as the agent's {@code
 * buildkite/interpolate} does at upload (spec §4): {@code $NAME}, {@code ${NAME}}, {@code
 * ${NAME:-word}}, {@code ${NAME-word}}, {@code ${NAME?msg}}, bash-style substrings {@code
 * ${NAME:off:len}}, {@code $$} and {@code \$} escapes. A substituted value is never expanded again.
 * Default words are parsed always but evaluated only when used, so {@code ${A:-${B?}}} fails only
 * when A is unset or empty.
 *
 * <p>A recursive-descent parser over the text; one instance per string, not thread-safe.
 */
final class Interpolation {
  /** Why a string could not be interpolated; the upload fails with this reason. */
  static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    Failure(String reason) {
      super(reason);
    }
  }

  private final String text;
  private final Map<String, String> env;
  private int pos;

  private Interpolation(String text, Map<String, String> env) {
    this.text = text;
    this.env = env;
  }

  /** {@code text} with every reference expanded from {@code env}. */
  static String apply(String text, Map<String, String> env) throws Failure {
    if (text.indexOf('$') < 0) {
      return text;
    }
    Interpolation parser = new Interpolation(text, env);
    return parser.sequence(false, true);
  }

  /** Text up to the end, or up to an unescaped {@code }} when {@code inWord}. */
  private String sequence(boolean inWord, boolean eval) throws Failure {
    StringBuilder out = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (inWord && c == '}') {
        return out.toString();
      }
      if (c == '\\' && pos + 1 < text.length() && text.charAt(pos + 1) == '$') {
        out.append('$');
        pos += 2;
      } else if (c == '\\' && pos + 1 < text.length() && text.charAt(pos + 1) == '\\') {
        out.append("\\\\");
        pos += 2;
      } else if (c == '$') {
        out.append(dollar(eval));
      } else {
        out.append(c);
        pos++;
      }
    }
    if (inWord) {
      throw new Failure("expected } to close ${...}, found the end of the text");
    }
    return out.toString();
  }

  private String dollar(boolean eval) throws Failure {
    char next = pos + 1 < text.length() ? text.charAt(pos + 1) : '\0';
    if (next == '$') {
      pos += 2;
      return "$";
    }
    if (next == '{') {
      pos += 2;
      return braced(eval);
    }
    pos++;
    if (Character.isLetter(next)) {
      String name = name();
      return eval ? value(name) : "";
    }
    return "$";
  }

  private String braced(boolean eval) throws Failure {
    if (pos >= text.length() || !Character.isLetter(text.charAt(pos))) {
      throw new Failure("expected a variable name after ${, found " + rest());
    }
    String name = name();
    if (pos >= text.length()) {
      throw new Failure("expected } to close ${" + name + ", found the end of the text");
    }
    char op = text.charAt(pos++);
    if (op == '}') {
      return eval ? value(name) : "";
    }
    if (op == '-') {
      return defaulted(name, eval, !env.containsKey(name));
    }
    if (op == '?') {
      return required(name, eval);
    }
    if (op == ':' && pos < text.length() && text.charAt(pos) == '-') {
      pos++;
      return defaulted(name, eval, value(name).isEmpty());
    }
    if (op == ':') {
      return substring(name, eval);
    }
    throw new Failure(
        "unsupported operator \"" + op + "\" in ${" + name + op + "...} (use :-, -, ? or :offset)");
  }

  private String defaulted(String name, boolean eval, boolean useWord) throws Failure {
    String word = sequence(true, eval && useWord);
    pos++;
    return !eval ? "" : useWord ? word : value(name);
  }

  private String required(String name, boolean eval) throws Failure {
    int close = text.indexOf('}', pos);
    if (close < 0) {
      throw new Failure("expected } to close ${" + name + "?, found the end of the text");
    }
    String message = text.substring(pos, close);
    pos = close + 1;
    if (eval && !env.containsKey(name)) {
      throw new Failure("$" + name + ": " + (message.isEmpty() ? "not set" : message));
    }
    return eval ? value(name) : "";
  }

  /** {@code ${NAME:off}} or {@code ${NAME:off:len}}, clamped like bash, never an error. */
  private String substring(String name, boolean eval) throws Failure {
    int offset = number(name, "offset");
    Integer length = null;
    if (pos < text.length() && text.charAt(pos) == ':') {
      pos++;
      length = number(name, "length");
    }
    if (pos >= text.length() || text.charAt(pos) != '}') {
      throw new Failure("expected } after the substring of ${" + name + ", found " + rest());
    }
    pos++;
    if (!eval) {
      return "";
    }
    String value = value(name);
    int n = value.length();
    int start = offset < 0 ? Math.max(0, n + offset) : Math.min(offset, n);
    int end = length == null ? n : length < 0 ? n + length : start + length;
    end = Math.min(Math.max(end, start), n);
    return value.substring(start, end);
  }

  private int number(String name, String what) throws Failure {
    while (pos < text.length() && text.charAt(pos) == ' ') {
      pos++;
    }
    int start = pos;
    if (pos < text.length() && text.charAt(pos) == '-') {
      pos++;
    }
    while (pos < text.length() && Character.isDigit(text.charAt(pos)) && pos - start < 9) {
      pos++;
    }
    try {
      return Integer.parseInt(text.substring(start, pos));
    } catch (NumberFormatException e) {
      throw new Failure(
          "expected a substring " + what + " in ${" + name + ":...}, found " + rest());
    }
  }

  private String name() {
    int start = pos;
    while (pos < text.length()
        && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
      pos++;
    }
    return text.substring(start, pos);
  }

  private String value(String name) {
    return env.getOrDefault(name, "");
  }

  private String rest() {
    if (pos >= text.length()) {
      return "the end of the text";
    }
    String rest = text.substring(pos, Math.min(text.length(), pos + 10));
    return "\"" + rest + "\"";
  }
}
