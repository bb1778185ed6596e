package dev.cairn.agent.command;

import dev.cairn.agent.api.AgentApiException;
import dev.cairn.agent.api.Retrier;
import dev.cairn.agent.api.RetryPolicy;
import dev.cairn.agent.api.Timing;

/** Runs an API call of an in-job command under its retry policy, failing with a command error. */
final class ApiCalls {
  private static final Retrier RETRIER = new Retrier(Timing.system());

  private ApiCalls() {}

  static <T> T run(String command, RetryPolicy policy, Retrier.Call<T> call)
      throws CommandException, InterruptedException {
    try {
      return RETRIER.call(policy, call);
    } catch (AgentApiException e) {
      throw CommandException.failed(command + ": " + e.getMessage(), e);
    }
  }
}
