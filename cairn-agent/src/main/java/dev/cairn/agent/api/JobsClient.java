package dev.cairn.agent.api;

import dev.cairn.protocol.AcceptAndStart;
import dev.cairn.protocol.FinishAndPing;
import dev.cairn.protocol.Job;
import dev.cairn.protocol.JobFinish;
import dev.cairn.protocol.JobStart;
import dev.cairn.protocol.JobState;
import dev.cairn.protocol.Ping;
import java.time.Instant;
import java.util.Map;

/**
 * The job calls (spec §3): accept, acquire, start, state and finish, bound to one token — the agent
 * token for accept and acquire, the job token (or the agent token when the job has none) for the
 * rest. One attempt per call. Thread-safe.
 */
public final class JobsClient {
  private final ApiTransport transport;
  private final String token;

  public JobsClient(ApiTransport transport, String token) {
    this.transport = transport;
    this.token = token;
  }

  public Job accept(String jobId) throws AgentApiException, InterruptedException {
    return put(path(jobId) + "/accept", null, Job.class);
  }

  /**
   * {@code PUT jobs/{id}/accept?start=true} ({@link AcceptAndStart}): the job comes back {@code
   * running} from a Cairn server, or {@code accepted} from one without the extension.
   */
  public Job acceptAndStart(String jobId) throws AgentApiException, InterruptedException {
    return put(
        path(jobId) + "/accept?" + AcceptAndStart.START_PARAMETER + "=true", null, Job.class);
  }

  /**
   * {@code PUT jobs/{id}/acquire} (spec §3.3) for {@code --acquire-job}, with the lock header and
   * the attempt number as {@code X-Buildkite-Backoff-Sequence}; bound to the agent token.
   */
  public Job acquire(String jobId, int attempt) throws AgentApiException, InterruptedException {
    return transport.json(
        "PUT",
        path(jobId) + "/acquire",
        token,
        null,
        Job.class,
        ApiTransport.DEFAULT_TIMEOUT,
        Map.of(
            "X-Buildkite-Lock-Acquire-Job",
            "1",
            "X-Buildkite-Backoff-Sequence",
            Integer.toString(attempt)));
  }

  public void start(String jobId, Instant startedAt)
      throws AgentApiException, InterruptedException {
    put(path(jobId) + "/start", new JobStart(startedAt.toString()), Void.class);
  }

  public String state(String jobId) throws AgentApiException, InterruptedException {
    JobState state =
        transport.json(
            "GET", path(jobId), token, null, JobState.class, ApiTransport.DEFAULT_TIMEOUT);
    return state == null || state.state() == null ? "" : state.state();
  }

  public void finish(String jobId, JobFinish finish)
      throws AgentApiException, InterruptedException {
    put(path(jobId) + "/finish", finish, Void.class);
  }

  /**
   * {@code PUT jobs/{id}/finish?ping=true} ({@link FinishAndPing}): the answer to the agent's next
   * ping from a Cairn server; from one without the extension, a ping without an action or a job, or
   * null when its answer is not JSON at all.
   */
  public Ping finishAndPing(String jobId, JobFinish finish)
      throws AgentApiException, InterruptedException {
    Ping ping;
    try {
      ping =
          put(
              path(jobId) + "/finish?" + FinishAndPing.PING_PARAMETER + "=true",
              finish,
              Ping.class);
    } catch (AgentApiException e) {
      // A success whose body is unreadable (a server without the extension may send none): the
      // job is finished, and only the optional answer is missing.
      if (e.status().isPresent() && e.status().getAsInt() / 100 == 2) {
        return null;
      }
      throw e;
    }
    transport.replayHeaders(ping.requestHeaders()); // As for any ping's answer.
    return ping;
  }

  private <T> T put(String path, Object body, Class<T> reply)
      throws AgentApiException, InterruptedException {
    return transport.json("PUT", path, token, body, reply, ApiTransport.DEFAULT_TIMEOUT);
  }

  private static String path(String jobId) {
    return "jobs/" + ApiTransport.escape(jobId);
  }
}
