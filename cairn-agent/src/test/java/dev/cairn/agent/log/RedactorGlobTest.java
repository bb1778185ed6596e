package dev.cairn.agent.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The redacted-vars globs, matched without regular expressions, agree with them. */
final class RedactorGlobTest {
  @Test
  void matchesTheDefaultPatternsAsTheOfficialAgentDoes() {
    assertThat(Redactor.globMatches("*_TOKEN", "GITHUB_TOKEN")).isTrue();
    assertThat(Redactor.globMatches("*_TOKEN", "_TOKEN")).isTrue();
    assertThat(Redactor.globMatches("*_TOKEN", "GITHUB_TOKENS")).isFalse();
    assertThat(Redactor.globMatches("*_TOKEN", "TOKEN")).isFalse();
    assertThat(Redactor.globMatches("DB_?ASS*", "DB_PASSWORD")).isTrue();
    assertThat(Redactor.globMatches("", "")).isTrue();
    assertThat(Redactor.globMatches("", "A")).isFalse();
  }

  /** Every glob and name over a small alphabet, up to four characters, against the regex. */
  @Test
  void agreesWithTheRegularExpressionOfTheGlobOnEverySmallCase() {
    List<String> globs = words("ab*?", 4);
    List<String> names = words("ab*?", 4);
    for (String glob : globs) {
      Pattern regex = regex(glob);
      for (String name : names) {
        assertThat(Redactor.globMatches(glob, name))
            .as("glob %s, name %s", glob, name)
            .isEqualTo(regex.matcher(name).matches());
      }
    }
  }

  /**
   * The compiled patterns (exact names, suffixes, other globs, and the memo of names judged) agree
   * with matching each glob, for single globs and for lists of them, asked once and again.
   */
  @Test
  void compiledPatternsAgreeWithTheGlobs() {
    List<String> words = words("ab*?", 4);
    List<List<String>> lists = new ArrayList<>();
    words.forEach(glob -> lists.add(List.of(glob)));
    lists.add(List.of("a", "*b", "a?a*"));
    lists.add(Redactor.DEFAULT_PATTERNS);
    List<String> names = new ArrayList<>(words);
    names.addAll(List.of("GITHUB_TOKEN", "DB_PASSWORD", "BUILDKITE_COMMAND", "_API_KEY"));
    for (List<String> globs : lists) {
      NamePatterns compiled = NamePatterns.of(globs);
      for (String name : names) {
        boolean expected = globs.stream().anyMatch(glob -> Redactor.globMatches(glob, name));
        for (int ask = 0; ask < 2; ask++) {
          assertThat(compiled.matches(name))
              .as("globs %s, name %s, asked %d times", globs, name, ask + 1)
              .isEqualTo(expected);
        }
      }
    }
  }

  private static Pattern regex(String glob) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString());
  }

  private static List<String> words(String alphabet, int maxLength) {
    List<String> all = new ArrayList<>(List.of(""));
    List<String> last = List.of("");
    for (int length = 1; length <= maxLength; length++) {
      List<String> next = new ArrayList<>();
      for (String word : last) {
        for (int i = 0; i < alphabet.length(); i++) {
          next.add(word + alphabet.charAt(i));
        }
      }
      all.addAll(next);
      last = next;
    }
    return all;
  }
}
