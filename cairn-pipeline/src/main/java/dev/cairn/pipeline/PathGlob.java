package dev.cairn.pipeline;

import java.util.regex.Pattern;

/**
 * A glob over repository paths, as {@code if_changed} writes them (the agent's glob dialect):
 * {@code *} and {@code ?} stay within one directory, {@code **} crosses directories ({@code
 * **}{@code /} also matches no directory at all, so {@code **}{@code /*.go} matches {@code
 * main.go}), {@code [abc]}, {@code [!abc]} and {@code [a-z]} match one character, {@code {a,b}}
 * matches either alternative, and a backslash takes the next character literally. The whole path
 * must match. Immutable.
 */
final class PathGlob {
  private final Pattern pattern;

  private PathGlob(Pattern pattern) {
    this.pattern = pattern;
  }

  /**
   * @throws IllegalArgumentException naming what is wrong (an unclosed bracket or brace)
   */
  static PathGlob of(String glob) {
    return new PathGlob(Pattern.compile(toRegex(glob)));
  }

  boolean matches(String path) {
    return pattern.matcher(path).matches();
  }

  // One pass over the glob; braces may nest, so their depth is counted.
  private static String toRegex(String glob) {
    StringBuilder re = new StringBuilder();
    int braces = 0;
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> {
          if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
            boolean slash = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
            re.append(slash ? "(?:.*/)?" : ".*");
            i += slash ? 2 : 1;
          } else {
            re.append("[^/]*");
          }
        }
        case '?' -> re.append("[^/]");
        case '[' -> i = characterClass(glob, i, re);
        case '{' -> {
          braces++;
          re.append("(?:");
        }
        case '}' -> {
          if (braces == 0) {
            re.append("\\}");
          } else {
            braces--;
            re.append(')');
          }
        }
        case ',' -> re.append(braces > 0 ? "|" : ",");
        case '\\' -> {
          if (i + 1 < glob.length()) {
            re.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
          } else {
            re.append("\\\\");
          }
        }
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    if (braces > 0) {
      throw new IllegalArgumentException("the glob \"" + glob + "\" has an unclosed {");
    }
    return re.toString();
  }

  /**
   * Appends the class starting at {@code start} ({@code [}); returns the index of its {@code ]}.
   */
  private static int characterClass(String glob, int start, StringBuilder re) {
    int end = glob.indexOf(']', start + 2);
    if (end < 0) {
      throw new IllegalArgumentException("the glob \"" + glob + "\" has an unclosed [");
    }
    String body = glob.substring(start + 1, end);
    boolean negated = body.startsWith("!") || body.startsWith("^");
    if (negated) {
      body = body.substring(1);
    }
    re.append(negated ? "[^/" : "[");
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      re.append(c == '-' ? "-" : Character.isLetterOrDigit(c) ? String.valueOf(c) : "\\" + c);
    }
    re.append(']');
    return end;
  }
}
