package dev.cairn.agent.command;

import dev.cairn.agent.api.AgentApiException;
import dev.cairn.agent.api.MetaDataClient;
import dev.cairn.agent.api.Retrier;
import dev.cairn.agent.api.RetryPolicy;
import dev.cairn.agent.api.Timing;
import java.util.List;
import java.util.Optional;

/**
 * {@code meta-data set|get|exists|keys} (spec §4.1). Reads are in job scope unless a build is named
 * ({@code --build} or {@code BUILDKITE_METADATA_BUILD_ID}). {@code exists} answers with its exit
 * status: 0 when the key exists, {@value #NOT_FOUND_STATUS} when not.
 */
public final class MetaDataCommands {
  /** The exit status of {@code exists} for a missing key, as the official agent uses. */
  public static final int NOT_FOUND_STATUS = 100;

  private final JobScope scope;
  private final CommandIo io;
  private final MetaDataClient client;
  private final Retrier retrier = new Retrier(Timing.system());

  public MetaDataCommands(JobScope scope, CommandIo io) {
    this.scope = scope;
    this.io = io;
    this.client = new MetaDataClient(scope.transport(), scope.token());
  }

  /** Sets {@code key}; a null {@code value} is read from stdin. */
  public int set(String key, String value) throws CommandException, InterruptedException {
    requireKey(key);
    String v = value != null ? value : io.readStdin().strip();
    if (v.isBlank()) {
      throw CommandException.usage("meta-data set: the value must not be blank");
    }
    call(
        "set",
        RetryPolicy.META_DATA_SET,
        () -> {
          client.set(scope.jobId(), key, v);
          return null;
        });
    return 0;
  }

  /**
   * Prints the value of {@code key}, or {@code defaultValue} when the key is missing and a default
   * was given; a missing key without a default fails.
   */
  public int get(String key, String defaultValue, String build)
      throws CommandException, InterruptedException {
    requireKey(key);
    Optional<String> value =
        call("get", RetryPolicy.JOB_READ, () -> client.get(readScope(build), key));
    if (value.isEmpty() && defaultValue == null) {
      throw CommandException.failed("meta-data get: no value for key " + key, null);
    }
    io.out().print(value.orElse(defaultValue));
    io.out().flush();
    return 0;
  }

  public int exists(String key, String build) throws CommandException, InterruptedException {
    requireKey(key);
    boolean exists =
        call("exists", RetryPolicy.JOB_READ, () -> client.exists(readScope(build), key));
    return exists ? 0 : NOT_FOUND_STATUS;
  }

  public int keys(String build) throws CommandException, InterruptedException {
    List<String> keys = call("keys", RetryPolicy.JOB_READ, () -> client.keys(readScope(build)));
    keys.forEach(io.out()::println);
    io.out().flush();
    return 0;
  }

  private String readScope(String build) {
    String named =
        build != null && !build.isBlank() ? build : io.env().get("BUILDKITE_METADATA_BUILD_ID");
    return named != null && !named.isBlank()
        ? MetaDataClient.scope(true, named)
        : MetaDataClient.scope(false, scope.jobId());
  }

  private static void requireKey(String key) throws CommandException {
    if (key == null || key.isBlank()) {
      throw CommandException.usage("meta-data: the key must not be blank");
    }
  }

  private <T> T call(String what, RetryPolicy policy, Retrier.Call<T> call)
      throws CommandException, InterruptedException {
    try {
      return retrier.call(policy, call);
    } catch (AgentApiException e) {
      throw CommandException.failed("meta-data " + what + ": " + e.getMessage(), e);
    }
  }
}
