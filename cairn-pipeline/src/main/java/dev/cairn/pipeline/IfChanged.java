package dev.cairn.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code if_changed} (spec §5), which the agent applies at upload, before the server sees the
 * pipeline: a command, trigger or group step whose globs match none of the build's changed files
 * (after {@code exclude}) gets {@code skip: "if_changed matched no unexcluded changed files in this
 * build"}, and {@code if_changed} is removed from every step either way, since the server does not
 * read it. The value is a glob, a list of globs, or {@code {include, exclude}} with either form in
 * each. When the changed files are unknown (no repository, no diff base), nothing is skipped; a
 * value that cannot be read leaves its step unskipped with a warning, as the agent does.
 *
 * <p>A skipped group also passes its skip to each child step that has none of its own, because the
 * service copies a group's {@code skip} into its children (spec §3). Works on steps as plain data
 * (the form the agent uploads). Stateless and thread-safe.
 *
 * <pre>{@code
 * IfChanged.Applied applied = IfChanged.apply(steps, Optional.of(List.of("src/main.go")));
 * }</pre>
 */
public final class IfChanged {
  /** The skip reason, as the agent writes it (it fits the 70-character limit on reasons). */
  public static final String SKIPPED =
      "if_changed matched no unexcluded changed files in this build";

  private static final String KEY = "if_changed";

  /** The steps with {@code if_changed} applied and removed, and what could not be applied. */
  public record Applied(List<Object> steps, List<String> warnings) {
    public Applied {
      steps = java.util.Collections.unmodifiableList(new ArrayList<>(steps));
      warnings = List.copyOf(warnings);
    }
  }

  private IfChanged() {}

  /** Whether any step (group children included) has {@code if_changed}, so diffing is needed. */
  public static boolean used(List<?> steps) {
    for (Object step : steps) {
      if (step instanceof Map<?, ?> map
          && (map.containsKey(KEY) || (map.get("steps") instanceof List<?> l && used(l)))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Applies {@code if_changed} to {@code steps} given the build's changed files (paths relative to
   * the repository root), or only removes it when {@code changedFiles} is empty (unknown).
   */
  public static Applied apply(List<?> steps, Optional<List<String>> changedFiles) {
    List<String> warnings = new ArrayList<>();
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      out.add(step(steps.get(i), "steps[" + i + "]", changedFiles, warnings));
    }
    return new Applied(out, warnings);
  }

  private static Object step(
      Object step, String path, Optional<List<String>> changed, List<String> warnings) {
    if (!(step instanceof Map<?, ?> original)) {
      return step;
    }
    Map<String, Object> map = new LinkedHashMap<>();
    original.forEach((k, v) -> map.put(String.valueOf(k), v));
    Object condition = map.remove(KEY);
    if (map.get("steps") instanceof List<?> children) {
      List<Object> applied = new ArrayList<>();
      for (int i = 0; i < children.size(); i++) {
        applied.add(step(children.get(i), path + ".steps[" + i + "]", changed, warnings));
      }
      map.put("steps", applied);
    }
    if (condition == null || changed.isEmpty() || !skippable(map)) {
      return map;
    }
    Optional<Boolean> matched;
    try {
      matched = Optional.of(matches(condition, changed.get()));
    } catch (IllegalArgumentException e) {
      warnings.add(path + ".if_changed: " + e.getMessage() + "; the step will not be skipped");
      matched = Optional.empty();
    }
    if (matched.isPresent() && !matched.get()) {
      map.put("skip", SKIPPED);
      if (map.get("steps") instanceof List<?> children) {
        map.put("steps", children.stream().map(IfChanged::skipChild).toList());
      }
    }
    return map;
  }

  /** Command, trigger and group steps can be skipped; wait, block and input steps cannot. */
  private static boolean skippable(Map<String, Object> step) {
    Object type = step.get("type");
    if (type instanceof String t) {
      return List.of("command", "script", "commands", "trigger", "group").contains(t);
    }
    return List.of("command", "commands", "script", "plugins", "trigger", "group").stream()
        .anyMatch(step::containsKey);
  }

  private static Object skipChild(Object child) {
    if (child instanceof Map<?, ?> m && !m.containsKey("skip")) {
      @SuppressWarnings("unchecked") // built above as Map<String, Object>
      Map<String, Object> step = new LinkedHashMap<>((Map<String, Object>) m);
      if (skippable(step)) {
        step.put("skip", SKIPPED);
      }
      return step;
    }
    return child;
  }

  /** Whether some changed file matches an include glob and no exclude glob. */
  private static boolean matches(Object condition, List<String> changed) {
    List<PathGlob> include;
    List<PathGlob> exclude = List.of();
    if (condition instanceof Map<?, ?> map) {
      if (!map.containsKey("include")) {
        throw new IllegalArgumentException("a mapping needs \"include\"");
      }
      include = globs(map.get("include"), "include");
      if (map.get("exclude") != null) {
        exclude = globs(map.get("exclude"), "exclude");
      }
    } else {
      include = globs(condition, "if_changed");
    }
    for (String file : changed) {
      if (exclude.stream().noneMatch(g -> g.matches(file))
          && include.stream().anyMatch(g -> g.matches(file))) {
        return true;
      }
    }
    return false;
  }

  private static List<PathGlob> globs(Object value, String what) {
    if (value instanceof String glob) {
      return List.of(PathGlob.of(glob));
    }
    if (value instanceof List<?> list) {
      List<PathGlob> globs = new ArrayList<>();
      for (Object item : list) {
        if (!(item instanceof String glob)) {
          throw new IllegalArgumentException(
              "expected " + what + " to be a glob or a list of globs, found " + item);
        }
        globs.add(PathGlob.of(glob));
      }
      return globs;
    }
    throw new IllegalArgumentException(
        "expected " + what + " to be a glob or a list of globs, found " + value);
  }
}
