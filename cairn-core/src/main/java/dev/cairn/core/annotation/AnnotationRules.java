package dev.cairn.core.annotation;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * What an annotation may hold, as the official agent documents it: styles {@code success}, {@code
 * info}, {@code warning}, {@code error} (or none: {@code default}), priority 1 to 10 (default 3),
 * context {@code default} unless named, bodies up to 1 MiB, scope {@code build} or {@code job}.
 */
public final class AnnotationRules {
  public static final String DEFAULT_STYLE = "default";
  public static final String DEFAULT_CONTEXT = "default";
  public static final int DEFAULT_PRIORITY = 3;
  public static final int MAX_BODY_BYTES = 1024 * 1024;
  private static final Set<String> STYLES = Set.of("success", "info", "warning", "error");

  private AnnotationRules() {}

  /** Why the style cannot be used, or empty when it can (blank means the default style). */
  public static Optional<String> checkStyle(String style) {
    if (style == null || style.isEmpty() || style.equals(DEFAULT_STYLE) || STYLES.contains(style)) {
      return Optional.empty();
    }
    return Optional.of("style must be one of success, info, warning, error; got \"" + style + "\"");
  }

  public static Optional<String> checkPriority(int priority) {
    return priority >= 1 && priority <= 10
        ? Optional.empty()
        : Optional.of("priority must be 1 to 10, got " + priority);
  }

  public static Optional<String> checkBody(String body) {
    return body.getBytes(StandardCharsets.UTF_8).length <= MAX_BODY_BYTES
        ? Optional.empty()
        : Optional.of("an annotation body may hold at most 1 MiB");
  }
}
