package dev.cairn.agent.plugin;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Expands a plugin source written in shorthand to its full form, as Buildkite's pipeline parser
 * does before a job reaches an agent: {@code docker#v5} becomes {@code
 * github.com/buildkite-plugins/docker-buildkite-plugin#v5} and {@code org/name#v1} becomes {@code
 * github.com/org/name-buildkite-plugin#v1}. Sources with a scheme, file paths and sources of three
 * or more segments are left alone, so expanding twice changes nothing; Cairn's server sends sources
 * as written, so the agent expands them.
 */
public final class PluginSource {
  private PluginSource() {}

  public static String full(String source) {
    if (source.isEmpty()
        || source.startsWith("/")
        || source.startsWith(".")
        || source.startsWith("\\")) {
      return source;
    }
    URI uri;
    try {
      uri = new URI(source);
    } catch (URISyntaxException e) {
      return source;
    }
    if (uri.getScheme() != null || uri.isOpaque()) {
      return source;
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    String[] segments = (path.startsWith("/") ? path.substring(1) : path).split("/", -1);
    String fragment = uri.getFragment() == null ? "" : "#" + uri.getFragment();
    return switch (segments.length) {
      case 1 -> "github.com/buildkite-plugins/" + segments[0] + "-buildkite-plugin" + fragment;
      case 2 -> "github.com/" + segments[0] + "/" + segments[1] + "-buildkite-plugin" + fragment;
      default -> source;
    };
  }
}
