package dev.cairn.core.job;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a trigger job asks for: a build of {@code pipeline} (a slug in the job's organization) with
 * these attributes; empty ones take the target's defaults when the build is made (its default
 * branch, {@code HEAD}, the step label). Unless {@code async}, the job waits for that build and
 * mirrors its result. Plain data, stored in events as it is.
 */
public record TriggerSpec(
    String pipeline,
    Optional<String> branch,
    Optional<String> commit,
    Optional<String> message,
    Map<String, String> env,
    Map<String, String> metaData,
    boolean async) {
  public TriggerSpec {
    env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    metaData = Collections.unmodifiableMap(new LinkedHashMap<>(metaData));
  }
}
