package dev.cairn.pipeline;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads step keys (and their aliases {@code identifier} and {@code id}) and checks their form: at
 * most 100 characters, the schema's character set (which allows {@code ${}} for keys not yet
 * interpolated), and not shaped like a UUID (those name step ids). Uniqueness is a property of the
 * whole build, not of one file (the schema's own fixtures reuse a key), so {@link PipelineExpander}
 * checks it. Stateless.
 */
final class StepKeys {
  static final int MAX_LENGTH = 100;
  private static final List<String> ALIASES = List.of("key", "identifier", "id");
  private static final int UUID_LENGTH = 36;
  private static final Pattern UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private final Document doc;

  StepKeys(Document doc) {
    this.doc = doc;
  }

  Optional<String> read(Fields step) {
    return step.oneOf(doc, ALIASES)
        .flatMap(value -> doc.optionalText(value, "a step key").filter(key -> isValid(value, key)));
  }

  private boolean isValid(Value value, String key) {
    String problem = problem(key);
    if (problem.isEmpty()) {
      return true;
    }
    doc.problem(value, problem);
    return false;
  }

  /**
   * The schema's pattern {@code [a-zA-Z0-9_\\-:${}.,]+}, as a loop: every step key passes here, and
   * a regex match allocates a matcher each time.
   */
  private static boolean allowed(String key) {
    if (key.isEmpty()) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "_-:${}.,".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** What is wrong with the key's form, or the empty string. */
  static String problem(String key) {
    if (key.length() > MAX_LENGTH) {
      return "expected a key of at most " + MAX_LENGTH + " characters, found " + key.length();
    }
    if (!allowed(key)) {
      return "expected a key of letters, digits and _ - : $ { } . , only, found \"" + key + "\"";
    }
    if (key.length() == UUID_LENGTH && UUID.matcher(key).matches()) {
      return "expected a key that does not look like a UUID (UUIDs name step ids), found \""
          + key
          + "\"";
    }
    return "";
  }
}
