package dev.cairn.core.orchestrate;

import java.util.Map;

/** What a new build is asked to run: source, message, extra environment, and who asked. */
public record BuildRequest(
    String branch, String commit, String message, Map<String, String> env, String source) {
  public BuildRequest {
    env = Map.copyOf(env);
  }
}
