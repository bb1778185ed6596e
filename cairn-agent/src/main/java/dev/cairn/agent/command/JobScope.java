package dev.cairn.agent.command;

import dev.cairn.agent.api.ApiTransport;
import dev.cairn.agent.api.HttpClients;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Who an in-job command acts for, read from the job's environment (spec §4): the job token ({@code
 * BUILDKITE_AGENT_ACCESS_TOKEN}, a secret, masked in {@link #toString()}), the API endpoint, and
 * the job, build and step ids, and whether artifact transfers may use HTTP/2 (not when {@code
 * BUILDKITE_NO_HTTP2} is true, which the agent sets from its {@code --no-http2}). Immutable.
 */
public record JobScope(
    String token, URI endpoint, String jobId, String buildId, String stepId, boolean http2) {

  static final String TOKEN = "BUILDKITE_AGENT_ACCESS_TOKEN";
  static final String ENDPOINT = "BUILDKITE_AGENT_ENDPOINT";
  static final String JOB = "BUILDKITE_JOB_ID";
  static final String BUILD = "BUILDKITE_BUILD_ID";
  static final String STEP = "BUILDKITE_STEP_ID";
  static final String NO_HTTP2 = "BUILDKITE_NO_HTTP2";

  /** The spellings of true the official agent accepts in a boolean variable (Go's ParseBool). */
  private static final Set<String> TRUE = Set.of("1", "t", "true");

  /**
   * Reads the scope from {@code env}.
   *
   * @throws CommandException naming the first missing variable
   */
  public static JobScope from(Map<String, String> env) throws CommandException {
    String endpoint = require(env, ENDPOINT);
    URI uri;
    try {
      uri = URI.create(endpoint);
    } catch (IllegalArgumentException e) {
      throw CommandException.usage(ENDPOINT + " is not a URL");
    }
    return new JobScope(
        require(env, TOKEN),
        uri,
        require(env, JOB),
        env.getOrDefault(BUILD, ""),
        env.getOrDefault(STEP, ""),
        !TRUE.contains(env.getOrDefault(NO_HTTP2, "").strip().toLowerCase(Locale.ROOT)));
  }

  /** A transport with its own HTTP clients; the command is a short-lived process. */
  ApiTransport transport() {
    return new ApiTransport(HttpClients.create(http2), endpoint);
  }

  String requireBuild() throws CommandException {
    if (buildId.isBlank()) {
      throw CommandException.usage(BUILD + " is not set; pass --build");
    }
    return buildId;
  }

  private static String require(Map<String, String> env, String name) throws CommandException {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw CommandException.usage(name + " is not set; run this inside a job");
    }
    return value;
  }

  @Override
  public String toString() {
    return "JobScope[token=***, endpoint=%s, jobId=%s, buildId=%s, stepId=%s, http2=%s]"
        .formatted(endpoint, jobId, buildId, stepId, http2);
  }
}
