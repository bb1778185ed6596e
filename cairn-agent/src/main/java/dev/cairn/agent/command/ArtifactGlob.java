package dev.cairn.agent.command;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Resolves {@code artifact upload} paths (spec §4.2): globs separated by {@code ;}, relative to the
 * working directory or absolute, where {@code *} stays within a directory and {@code **}{@code /}
 * crosses any number of them, zero included. Only regular files match; each file once. Each match
 * carries its artifact path: relative to the working directory when inside it, else the absolute
 * path without its leading slash.
 */
final class ArtifactGlob {
  private ArtifactGlob() {}

  /** A matched file: where it is, the path it is uploaded as, and the glob that found it. */
  record Match(Path file, String artifactPath, String glob) {}

  static List<Match> resolve(String globs, Path workingDir) throws CommandException {
    Map<Path, Match> found = new LinkedHashMap<>();
    for (String raw : globs.split(";", -1)) {
      String glob = raw.strip();
      if (glob.isEmpty()) {
        continue;
      }
      for (Path file : matches(glob, workingDir)) {
        found.putIfAbsent(file, new Match(file, artifactPath(file, workingDir), glob));
      }
    }
    return List.copyOf(found.values());
  }

  private static List<Path> matches(String glob, Path workingDir) throws CommandException {
    Path pattern = workingDir.resolve(glob).normalize();
    Path root = literalPrefix(pattern);
    if (!Files.isDirectory(root)) {
      return Files.isRegularFile(root) && root.equals(pattern) ? List.of(root) : List.of();
    }
    PathMatcher matcher = matcher(pattern.toString());
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).filter(matcher::matches).sorted().toList();
    } catch (IOException | UncheckedIOException e) {
      throw CommandException.failed("cannot search " + root + ": " + e.getMessage(), e);
    }
  }

  /** The longest leading part of {@code pattern} without glob characters. */
  private static Path literalPrefix(Path pattern) {
    Path prefix = pattern.getRoot();
    for (Path part : pattern) {
      if (part.toString().matches(".*[*?\\[{].*")) {
        break;
      }
      prefix = prefix == null ? part : prefix.resolve(part);
    }
    return prefix;
  }

  /** A matcher where {@code **}{@code /} may also match no directory at all. */
  static PathMatcher matcher(String pattern) {
    String glob = pattern.contains("{") ? pattern : pattern.replace("**/", "{**/,}");
    return FileSystems.getDefault().getPathMatcher("glob:" + glob);
  }

  private static String artifactPath(Path file, Path workingDir) {
    if (file.startsWith(workingDir)) {
      return workingDir.relativize(file).toString();
    }
    return file.toString().replaceFirst("^/+", "");
  }

  static List<String> split(String globs) {
    List<String> parts = new ArrayList<>();
    for (String part : globs.split(";", -1)) {
      if (!part.isBlank()) {
        parts.add(part.strip());
      }
    }
    return parts;
  }
}
