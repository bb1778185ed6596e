package dev.cairn.core.orchestrate;

import dev.cairn.core.build.BuildEvent.BuildCreated;
import dev.cairn.core.build.BuildState;
import dev.cairn.core.job.Job;
import dev.cairn.core.port.IdGenerator;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The claims of a job's OIDC identity token ({@code buildkite-agent oidc request-token}), as
 * Buildkite issues them (agent API spec, section 4.5): {@code iss} is the server's base URL, {@code
 * sub} is {@code organization:O:pipeline:P:ref:R:commit:C:step:S}, {@code aud} defaults to the
 * issuer, the token lives 5 minutes unless asked otherwise (at most 2 hours). Signing is the
 * server's business; this class decides what is claimed. Thread-safe.
 */
public final class JobIdentity {
  public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);
  public static final Duration MAX_LIFETIME = Duration.ofHours(2);

  private final Supplier<String> issuer;
  private final IdGenerator ids;
  private final InstantSource clock;

  public JobIdentity(Supplier<String> issuer, IdGenerator ids, InstantSource clock) {
    this.issuer = issuer;
    this.ids = ids;
    this.clock = clock;
  }

  /**
   * A token request: audience (blank for the issuer), lifetime in seconds (0 for the default),
   * optional claims to add, and a claim to use as the subject instead of the compound one.
   */
  public record Request(
      String audience, long lifetimeSeconds, List<String> claims, String subjectClaim) {}

  public String issuer() {
    return issuer.get();
  }

  /** The claims, in the order they are written; instants are epoch seconds. */
  public Result<Map<String, Object>> claims(BuildState build, Job job, Request request) {
    if (request.lifetimeSeconds() < 0 || request.lifetimeSeconds() > MAX_LIFETIME.toSeconds()) {
      return new Result.Refused<>(
          "lifetime must be 0 (default) to " + MAX_LIFETIME.toSeconds() + " seconds");
    }
    Map<String, Object> optional = optionalClaims(build);
    for (String claim : request.claims() == null ? List.<String>of() : request.claims()) {
      if (!optional.containsKey(claim)) {
        return new Result.Refused<>(
            "unknown claim \"" + claim + "\"; optional claims are " + optional.keySet());
      }
    }
    Map<String, Object> standard = standardClaims(build, job);
    String subjectClaim = request.subjectClaim();
    boolean customSubject = subjectClaim != null && !subjectClaim.isBlank();
    if (customSubject
        && !standard.containsKey(subjectClaim)
        && !optional.containsKey(subjectClaim)) {
      return new Result.Refused<>("unknown subject claim \"" + subjectClaim + "\"");
    }
    Instant now = clock.instant();
    Duration lifetime =
        request.lifetimeSeconds() == 0
            ? DEFAULT_LIFETIME
            : Duration.ofSeconds(request.lifetimeSeconds());
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", issuer.get());
    claims.put(
        "sub",
        customSubject
            ? String.valueOf(standard.getOrDefault(subjectClaim, optional.get(subjectClaim)))
            : subject(build, job));
    claims.put(
        "aud",
        request.audience() == null || request.audience().isBlank()
            ? issuer.get()
            : request.audience());
    claims.put("iat", now.getEpochSecond());
    claims.put("nbf", now.getEpochSecond());
    claims.put("exp", now.plus(lifetime).getEpochSecond());
    claims.put("jti", ids.newId());
    claims.putAll(standard);
    if (request.claims() != null) {
      request.claims().forEach(c -> claims.put(c, optional.get(c)));
    }
    return new Result.Done<>(claims);
  }

  private static String subject(BuildState build, Job job) {
    BuildCreated c = build.created();
    return "organization:"
        + c.organization()
        + ":pipeline:"
        + c.pipeline().slug()
        + ":ref:"
        + ref(c)
        + ":commit:"
        + c.commit()
        + ":step:"
        + job.spec().stepKey().orElse("");
  }

  private static String ref(BuildCreated c) {
    return "refs/heads/" + c.branch();
  }

  private static Map<String, Object> standardClaims(BuildState build, Job job) {
    BuildCreated c = build.created();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("organization_slug", c.organization());
    claims.put("pipeline_slug", c.pipeline().slug());
    claims.put("build_number", c.number());
    claims.put("build_branch", c.branch());
    // Builds have no tag yet; Buildkite leaves the claim out when there is none.
    claims.put("build_commit", c.commit());
    claims.put("step_key", job.spec().stepKey().orElse(null));
    claims.put("job_id", job.id());
    claims.put("agent_id", job.agentId().orElse(null));
    claims.put("build_source", c.source());
    claims.put("runner_environment", "self-hosted");
    claims.values().removeIf(v -> v == null);
    return claims;
  }

  private static Map<String, Object> optionalClaims(BuildState build) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("pipeline_id", build.created().pipeline().id());
    claims.put("build_id", build.id());
    return claims;
  }

  /** The claim names a token may carry, for the discovery document. */
  public static List<String> supportedClaims() {
    return List.of(
        "iss",
        "sub",
        "aud",
        "iat",
        "nbf",
        "exp",
        "jti",
        "organization_slug",
        "pipeline_slug",
        "build_number",
        "build_branch",
        "build_tag",
        "build_commit",
        "step_key",
        "job_id",
        "agent_id",
        "build_source",
        "runner_environment",
        "pipeline_id",
        "build_id");
  }
}
