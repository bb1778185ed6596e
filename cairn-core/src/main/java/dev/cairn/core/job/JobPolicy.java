package dev.cairn.core.job;

import dev.cairn.pipeline.Retry;
import dev.cairn.pipeline.SoftFail;
import java.time.Duration;
import java.util.Optional;

/**
 * How a job's outcome is judged and acted on: its step's {@code retry} rules, {@code soft_fail}
 * statuses and {@code timeout_in_minutes}.
 */
public record JobPolicy(Retry retry, SoftFail softFail, Optional<Duration> timeout) {
  public static final JobPolicy NONE = new JobPolicy(Retry.NONE, SoftFail.NONE, Optional.empty());
}
