package dev.cairn.pipeline;

import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code branches} filtering (spec §5): {@code *} matches any run of characters and a leading
 * {@code !} negates. A branch is included when no negative pattern matches it and, if there is any
 * positive pattern, one matches. So a list of only negations matches every other branch.
 */
final class BranchPatterns {
  private BranchPatterns() {}

  static boolean matches(List<String> patterns, String branch) {
    boolean anyPositive = false;
    boolean positiveMatch = false;
    for (String pattern : patterns) {
      if (pattern.startsWith("!")) {
        if (glob(pattern.substring(1), branch)) {
          return false;
        }
      } else {
        anyPositive = true;
        positiveMatch |= glob(pattern, branch);
      }
    }
    return !anyPositive || positiveMatch;
  }

  private static boolean glob(String pattern, String branch) {
    StringBuilder regex = new StringBuilder();
    for (String part : pattern.split("\\*", -1)) {
      if (!regex.isEmpty()) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(part));
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(branch).matches();
  }
}
