package dev.cairn.server.agentapi;

import dev.cairn.protocol.LongPoll;
import dev.cairn.server.http.BadRequestException;
import dev.cairn.server.http.Replies;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;

/**
 * {@code GET /v3/ping}: hands the agent a job if one matches. With Cairn's {@code ?wait=SECONDS}
 * extension the request is held (on its own virtual thread) until a job is assigned or the wait
 * ends, so a runnable job reaches an idle agent at once.
 */
final class PingHandler implements Handler {
  private final AgentAuth auth;
  private final PingAnswers answers;

  PingHandler(AgentAuth auth, PingAnswers answers) {
    this.auth = auth;
    this.answers = answers;
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res) {
    var agent = auth.agent(req, res);
    if (agent.isEmpty()) {
      return;
    }
    Replies.ok(res, answers.answer(agent.get(), waitOf(req)));
  }

  private static Duration waitOf(ServerRequest req) {
    var wait = req.query().first(LongPoll.WAIT_PARAMETER);
    if (wait.isEmpty()) {
      return Duration.ZERO;
    }
    try {
      int seconds = Integer.parseInt(wait.get());
      return Duration.ofSeconds(Math.clamp(seconds, 0, LongPoll.MAX_WAIT_SECONDS));
    } catch (NumberFormatException e) {
      throw new BadRequestException("wait must be a whole number of seconds, got " + wait.get());
    }
  }
}
