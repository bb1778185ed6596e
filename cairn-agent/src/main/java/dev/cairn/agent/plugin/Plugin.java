package dev.cairn.agent.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One plugin of a job: where it lives, which version, and its configuration (spec §7). Derived
 * names follow the official agent so hooks written for Buildkite find their variables and the
 * plugins path looks the same. Immutable.
 *
 * @param location host and path, or a file path ({@code github.com/org/x-buildkite-plugin}, {@code
 *     /srv/plugins/x}, {@code .buildkite/plugins/x})
 * @param version the git ref after {@code #}, empty for the default branch
 * @param scheme the URL scheme ({@code https}, {@code ssh}, {@code file}…), empty for none
 * @param userInfo the {@code user[:password]} of the URL, empty for none; a secret
 * @param config the configuration object, never null ({@code {}} when none was given)
 */
public record Plugin(
    String location, String version, String scheme, String userInfo, ObjectNode config) {
  private static final Pattern NON_ID = Pattern.compile("[^a-zA-Z0-9]");
  private static final Pattern HYPHENS = Pattern.compile("-+");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  public Plugin {
    Objects.requireNonNull(location);
    Objects.requireNonNull(version);
    Objects.requireNonNull(scheme);
    Objects.requireNonNull(userInfo);
    config = config == null ? JsonNodeFactory.instance.objectNode() : config.deepCopy();
  }

  /**
   * The plugin {@code source} (expanded from shorthand) with {@code config}.
   *
   * @throws IllegalArgumentException if the source is not a URL or path, or has two {@code #}
   */
  public static Plugin of(String source, JsonNode config) {
    String full = PluginSource.full(source.strip());
    if (full.isEmpty()) {
      throw new IllegalArgumentException("a plugin has an empty source");
    }
    int hash = full.indexOf('#');
    if (hash >= 0 && full.indexOf('#', hash + 1) >= 0) {
      throw new IllegalArgumentException("too many #'s in plugin source \"" + source + "\"");
    }
    if (full.startsWith("/") || full.startsWith(".")) {
      String path = hash < 0 ? full : full.substring(0, hash);
      String ref = hash < 0 ? "" : full.substring(hash + 1);
      return new Plugin(path, ref, "", "", config instanceof ObjectNode object ? object : null);
    }
    URI uri;
    try {
      uri = new URI(full);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "plugin source \"" + source + "\" is not a URL or path: " + e.getReason(), e);
    }
    String host = uri.getHost() == null ? nullToEmpty(uri.getRawAuthority()) : uri.getHost();
    if (uri.getPort() >= 0 && uri.getHost() != null) {
      host = host + ":" + uri.getPort();
    }
    if (uri.getRawUserInfo() != null && uri.getHost() == null) {
      host = host.substring(uri.getRawUserInfo().length() + 1);
    }
    return new Plugin(
        host + nullToEmpty(uri.getPath()),
        nullToEmpty(uri.getFragment()),
        nullToEmpty(uri.getScheme()),
        nullToEmpty(uri.getRawUserInfo()),
        config instanceof ObjectNode object ? object : null);
  }

  /** Whether the plugin is a directory of the checked-out repository ({@code ./…}). */
  public boolean vendored() {
    return location.startsWith(".");
  }

  /**
   * The plugin's name: the last path segment, lower case, every other character than letters and
   * digits turned into {@code -}, without the {@code -buildkite-plugin} suffix.
   */
  public String name() {
    String[] parts = location.replace('\\', '/').split("/", -1);
    String name = parts[parts.length - 1].toLowerCase(Locale.ROOT);
    name = WHITESPACE.matcher(name).replaceAll(" ");
    name = NON_ID.matcher(name).replaceAll("-");
    return name.replace("-buildkite-plugin-git", "").replace("-buildkite-plugin", "");
  }

  /** {@code location#version}, or the location alone; shown in the log. */
  public String label() {
    return version.isEmpty() ? location : location + "#" + version;
  }

  /** The directory name of its checkout: the label with runs of other characters as one hyphen. */
  public String identifier() {
    String id = NON_ID.matcher(label()).replaceAll("-");
    id = HYPHENS.matcher(id).replaceAll("-");
    int start = 0;
    int end = id.length();
    while (start < end && id.charAt(start) == '-') {
      start++;
    }
    while (end > start && id.charAt(end - 1) == '-') {
      end--;
    }
    return id.substring(start, end);
  }

  /**
   * What {@code git clone} gets: the repository part of the location with its scheme ({@code
   * https://} when none) and user; a file path stays a path.
   *
   * @throws IllegalArgumentException if the location is too short to name a repository
   */
  public String repository() {
    String repository = repositoryHost();
    if (!userInfo.isEmpty()) {
      repository = userInfo + "@" + repository;
    }
    if (repository.startsWith("/")) {
      return repository;
    }
    return (scheme.isEmpty() ? "https" : scheme) + "://" + repository;
  }

  /** The directory of the repository that holds the plugin ({@code hooks/} is under it). */
  public String subdirectory() {
    String rest = location.substring(Math.min(location.length(), repositoryHost().length()));
    return rest.startsWith("/") ? rest.substring(1) : rest;
  }

  private String repositoryHost() {
    String[] parts = location.split("/", -1);
    if (parts.length < 2) {
      throw new IllegalArgumentException("incomplete plugin path \"" + location + "\"");
    }
    String first = parts[0];
    boolean knownHost =
        first.equals("github.com") || first.equals("bitbucket.org") || first.equals("gitlab.com");
    if (knownHost && parts.length < 3) {
      throw new IllegalArgumentException("incomplete plugin path \"" + location + "\"");
    }
    if (first.equals("github.com") || first.equals("bitbucket.org")) {
      return String.join("/", List.of(parts).subList(0, 3));
    }
    if (first.equals("gitlab.com")) {
      return location;
    }
    List<String> repo = new ArrayList<>();
    for (String part : parts) {
      repo.add(part);
      if (part.endsWith(".git")) {
        break;
      }
    }
    return String.join("/", repo);
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  @Override
  public String toString() {
    return "Plugin[" + label() + (userInfo.isEmpty() ? "" : ", user=***") + "]";
  }
}
