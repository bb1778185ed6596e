package dev.cairn.agent.job;

import dev.cairn.agent.api.AgentApiException;
import dev.cairn.agent.api.JobsClient;
import dev.cairn.agent.api.Timing;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cancellation poller (spec §3.8): while the command runs, {@code GET jobs/{id}} every {@code
 * job_status_interval} plus a jitter below one interval (the first poll waits only the jitter). A
 * cancelling or timing-out state, or a 401 (job token revoked), cancels the job once and ends the
 * poller; other failures are ignored until the next poll. Stopped by interrupting its thread.
 */
final class StatePoller {
  private static final Logger LOG = LoggerFactory.getLogger(StatePoller.class);
  private static final Set<String> STOP_STATES =
      Set.of("canceling", "canceled", "timing_out", "timed_out");
  private static final int UNAUTHORIZED = 401;

  private final JobsClient jobs;
  private final String jobId;
  private final String label;
  private final Duration interval;
  private final Timing timing;
  private final Runnable cancel;

  private StatePoller(
      JobsClient jobs,
      String jobId,
      String label,
      Duration interval,
      Timing timing,
      Runnable cancel) {
    this.jobs = jobs;
    this.jobId = jobId;
    this.label = label;
    this.interval = interval;
    this.timing = timing;
    this.cancel = cancel;
  }

  static Thread start(
      JobsClient jobs,
      String jobId,
      String label,
      Duration interval,
      Timing timing,
      Runnable cancel) {
    StatePoller poller = new StatePoller(jobs, jobId, label, interval, timing, cancel);
    return Thread.ofVirtual().name("cairn-state-" + jobId).start(poller::run);
  }

  private void run() {
    try {
      timing.sleep(timing.jitter(interval));
      while (!shouldCancel()) {
        timing.sleep(interval.plus(timing.jitter(interval)));
      }
      cancel.run();
    } catch (InterruptedException e) {
      // The job ended; the runner stops the poller this way.
    }
  }

  private boolean shouldCancel() throws InterruptedException {
    try {
      String state = jobs.state(jobId);
      if (STOP_STATES.contains(state)) {
        LOG.info("{}: server says the job is {}", label, state);
        return true;
      }
      return false;
    } catch (AgentApiException e) {
      if (e.status().orElse(0) == UNAUTHORIZED) {
        LOG.warn("{}: job token rejected by the server, cancelling", label);
        return true;
      }
      LOG.debug("{}: job state poll failed: {}", label, e.getMessage());
      return false;
    }
  }
}
