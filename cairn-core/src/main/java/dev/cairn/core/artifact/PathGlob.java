package dev.cairn.core.artifact;

import java.util.regex.Pattern;

/**
 * The glob of {@code artifact download/search}: {@code *} matches within one path segment, {@code
 * **} across segments, {@code ?} one character other than {@code /}; anything else is literal. An
 * empty glob matches every path.
 */
public final class PathGlob {
  private final Pattern pattern;

  private PathGlob(Pattern pattern) {
    this.pattern = pattern;
  }

  public static PathGlob of(String glob) {
    if (glob == null || glob.isEmpty()) {
      return new PathGlob(Pattern.compile(".*", Pattern.DOTALL));
    }
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
        regex.append(".*");
        i++;
      } else if (c == '*') {
        regex.append("[^/]*");
      } else if (c == '?') {
        regex.append("[^/]");
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return new PathGlob(Pattern.compile(regex.toString(), Pattern.DOTALL));
  }

  public boolean matches(String path) {
    return pattern.matcher(path).matches();
  }
}
