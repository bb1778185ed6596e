package dev.cairn.agent.worker;

import dev.cairn.agent.api.AgentApiException;
import dev.cairn.agent.api.JobsClient;
import dev.cairn.agent.api.RetryClassifier;
import dev.cairn.agent.api.Timing;
import dev.cairn.protocol.Job;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one named job for {@code --acquire-job} (spec §3.3). A 423 (the job waits on its
 * dependencies), a 429, a 5xx or a network error is tried again, after the server's {@code
 * Retry-After} when it sent one, else after 1, 2, 4… seconds, with a jitter of −1 to +5 s; at most
 * {@value #MAX_ATTEMPTS} attempts within {@link #LIMIT}. A 422 means the job is taken, finished or
 * cancelled, and any other status is final too.
 */
final class JobAcquirer {
  static final int MAX_ATTEMPTS = 7;
  static final Duration LIMIT = Duration.ofSeconds(330);
  private static final int LOCKED = 423;
  private static final Logger LOG = LoggerFactory.getLogger(JobAcquirer.class);

  private final JobsClient jobs;
  private final Timing timing;

  JobAcquirer(JobsClient jobs, Timing timing) {
    this.jobs = jobs;
    this.timing = timing;
  }

  Job acquire(String jobId) throws AgentApiException, InterruptedException {
    Instant deadline = timing.clock().instant().plus(LIMIT);
    for (int attempt = 1; ; attempt++) {
      try {
        return jobs.acquire(jobId, attempt);
      } catch (AgentApiException e) {
        Duration delay = delay(e, attempt);
        boolean late = timing.clock().instant().plus(delay).isAfter(deadline);
        if (!retryable(e) || attempt >= MAX_ATTEMPTS || late) {
          throw e;
        }
        LOG.info("job {}: not acquired yet ({}); trying again in {}", jobId, e.getMessage(), delay);
        timing.sleep(delay);
      }
    }
  }

  static boolean retryable(AgentApiException e) {
    return e.status().orElse(0) == LOCKED || RetryClassifier.isRetryable(e);
  }

  private Duration delay(AgentApiException e, int attempt) {
    Duration base = e.retryAfter().orElse(Duration.ofSeconds(1L << (attempt - 1)));
    Duration jittered = base.minusSeconds(1).plus(timing.jitter(Duration.ofSeconds(6)));
    return jittered.isNegative() ? Duration.ZERO : jittered;
  }
}
